import Link from "next/link";

type Props = { href: string; pendingCount: number };

/** Opens the confirmation step (who and how many) before any reminder is sent. */
export function ReminderButton({ href, pendingCount }: Props) {
  return (
    <div className="space-y-2">
      <Link href={href} className="inline-block rounded border border-red-800 bg-white px-4 py-2 font-medium text-red-900 hover:bg-red-50">
        提醒未完成的 {pendingCount} 名学员…
      </Link>
      <p className="text-sm text-stone-600">发送前会列出名单请您确认。学员会在首页看到提醒、剩余小节和预计用时；同一学员每天最多提醒一次。</p>
    </div>
  );
}
