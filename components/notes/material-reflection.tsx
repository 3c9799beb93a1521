"use client";

import { useEffect, useState } from "react";
import { getStorageOwner, readUserHint } from "@/lib/auth/user-hint";
import { notesApi, type ReflectionView } from "./notes-client";
import { ReflectionEditor } from "./reflection-editor";

/** The reader's 心得 on a whole material, on its prerendered overview page. */
export default function MaterialReflection({ material }: { material: string }) {
  const [state, setState] = useState<{ owner: string; value: ReflectionView | null } | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    const hint = readUserHint(document.cookie);
    if (!hint) return; // an anonymous visitor (PUBLIC_READING) has no 心得
    let live = true;
    void notesApi.load(material).then((result) => {
      if (!live) return;
      if (result.ok) setState({ owner: getStorageOwner(hint), value: result.data.materialReflection });
      else setError(result.status === 0 ? "网络连接中断，心得暂时无法显示" : result.message);
    });
    return () => {
      live = false;
    };
  }, [material]);
  if (error) return <p className="mt-8 text-sm text-amber-900">{error}</p>;
  if (!state) return null;
  return <ReflectionEditor owner={state.owner} material={material} initial={state.value} heading="学习心得（全文）" />;
}
