"use client";

import Link from "next/link";
import { SectionStateBadge } from "./section-state";
import { useMaterialProgress } from "./progress-store";

/** A section's status badge on prerendered pages (table of contents, material overview). */
export function SectionStatusBadge({ material, section }: { material: string; section: string }) {
  const data = useMaterialProgress(material);
  const status = data?.progress.sections.find((s) => s.slug === section);
  return status ? <SectionStateBadge status={status} /> : null;
}

/** 继续学习: to the first unfinished section, at the last paragraph read there. */
export function ContinueButton({ material }: { material: string }) {
  const data = useMaterialProgress(material);
  if (!data) return null;
  if (!data.progress.continueHref) {
    return <p className="mt-4 rounded bg-green-50 p-3 text-green-900">本材料已全部学完 ✓</p>;
  }
  return (
    <Link href={data.progress.continueHref} className="mt-4 inline-block rounded bg-red-800 px-4 py-2 font-medium text-white hover:bg-red-900">
      继续学习
    </Link>
  );
}
