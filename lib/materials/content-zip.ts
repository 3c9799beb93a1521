import "server-only";
import JSZip from "jszip";
import { QUIZ_FILE } from "@/lib/quiz/bank";
import { renderQuizFile } from "@/lib/quiz/published";
import { renderContentFolder } from "./import";
import { toEditableMaterial } from "./preview";
import { readStoredQuiz } from "./quiz-store";
import type { PublishedMaterialView } from "./read";

/**
 * A published material as a zip of its `content/<slug>/` folder, for teams that keep materials in
 * git: the stored revision read back into sections and written by the importer's own folder renderer,
 * so the files are what `npm run material:import` would write. With its self-test questions, a
 * quiz.md in the format lib/quiz/bank.ts reads.
 */
export async function zipContentFolder(view: PublishedMaterialView): Promise<Uint8Array> {
  const material = await toEditableMaterial(view);
  const files = renderContentFolder(material, { order: view.order });
  const zip = new JSZip();
  const folder = zip.folder(view.slug)!;
  for (const [name, text] of Object.entries(files)) folder.file(name, text);
  const quiz = renderQuizFile(view, await readStoredQuiz(view.slug));
  if (quiz) folder.file(QUIZ_FILE, quiz);
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}
