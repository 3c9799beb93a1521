import Link from "next/link";
import { hasQuiz } from "@/lib/quiz";
import { testHref } from "@/lib/routes";

/** On a material's page: the way to its self-test, when it has one. */
export function TestLink({ material }: { material: string }) {
  if (!hasQuiz(material)) return null;
  return (
    <p className="mt-4">
      <Link href={testHref(material)} className="font-medium text-red-800 underline underline-offset-2">
        学完后参加自测
      </Link>
    </p>
  );
}
