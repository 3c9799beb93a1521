/** 正常 / 已停用 / 待改密 for an account, as text (colour only reinforces it). */
export function AccountStatus({ disabled, mustChangePassword }: { disabled: boolean; mustChangePassword: boolean }) {
  if (disabled) return <span className="rounded bg-stone-200 px-2 py-0.5 text-sm text-stone-800">已停用</span>;
  if (mustChangePassword) return <span className="rounded bg-amber-100 px-2 py-0.5 text-sm text-amber-900">待改密</span>;
  return <span className="rounded bg-green-50 px-2 py-0.5 text-sm text-green-900">正常</span>;
}
