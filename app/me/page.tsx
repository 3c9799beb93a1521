import type { Metadata } from "next";
import Link from "next/link";
import { OfflineList } from "@/components/offline/offline-list";
import { MaterialProgressCard } from "@/components/progress/my-progress";
import { requireUser } from "@/lib/auth/current-user";
import { READING_CHARS_PER_MINUTE } from "@/lib/content/reading-time";
import { PROGRESS_RULES } from "@/lib/progress/config";
import { listMyProgress } from "@/lib/progress/read";
import { getMyPassRequirements } from "@/lib/quiz/completion";

export const metadata: Metadata = { title: "我的学习" };

export default async function MyStudyPage() {
  const user = await requireUser("/me");
  const [materials, passRequirements] = await Promise.all([listMyProgress(user), getMyPassRequirements(user)]);
  return (
    <>
      <h1 className="mb-4 text-2xl font-bold">我的学习</h1>
      <p className="-mt-2 mb-4">
        <Link href="/me/record" className="text-red-800 underline underline-offset-2">
          学习档案：已学完的材料、自测成绩和学时
        </Link>
      </p>
      <div className="grid gap-6">
        {materials.map((progress) => (
          <MaterialProgressCard key={progress.materialSlug} progress={progress} passRequirement={passRequirements.get(progress.materialSlug)} />
        ))}
      </div>
      <OfflineList />
      <section aria-labelledby="how-measured" className="mt-8 max-w-3xl rounded-lg bg-stone-100 p-5 leading-relaxed text-stone-800">
        <h2 id="how-measured" className="mb-2 text-lg font-bold">学习记录是怎样计算的</h2>
        <ul className="list-disc space-y-1 pl-5">
          <li>
            一个段落有一半以上显示在屏幕上、并停留到足够读完它的时间（按每秒最多 {PROGRESS_RULES.maxReadingCharsPerSecond} 个字计），才记为“已读”。快速翻过去的段落不计。
          </li>
          <li>
            只有在页面处于前台、并且最近 {PROGRESS_RULES.idleAfterSeconds} 秒内有滚动、按键、点击或触摸时，才计入有效阅读时间；打开页面后从第一次操作开始计时，挂机不计时。
          </li>
          <li>
            一节读完 {Math.round(PROGRESS_RULES.readCoverage * 100)}% 以上的文字，且有效阅读时间达到预计阅读时间（按每分钟 {READING_CHARS_PER_MINUTE} 字计）的一半，即为“已完成”，完成时间记录后不会再改变。
          </li>
          <li>学习记录每 {PROGRESS_RULES.beatIntervalSeconds} 秒自动保存；网络中断时先保存在本机，恢复后自动上传，不会丢失。</li>
          <li>学习材料修订后，已完成的章节会显示“内容已更新”，只需阅读新增或修改的段落即可重新完成。</li>
          <li>
            本页显示的就是单位管理员能看到的全部学习记录；您的笔记和心得不在其中，见{" "}
            <Link href="/me/notes" className="text-red-800 underline">
              我的笔记
            </Link>
            。
          </li>
        </ul>
      </section>
    </>
  );
}
