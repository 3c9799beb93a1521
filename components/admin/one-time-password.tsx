/** A freshly generated one-time password, shown once with what to do with it. */
export function OneTimePassword({ password, account }: { password: string; account?: string }) {
  return (
    <div className="space-y-2 rounded border-2 border-amber-400 bg-amber-50 p-4 text-amber-950">
      <p className="font-medium">{account ? `账号 ${account} 的一次性密码：` : "新的一次性密码："}</p>
      <p>
        <code className="select-all break-all rounded bg-white px-3 py-1 font-mono text-2xl tracking-wider text-stone-900">{password}</code>
      </p>
      <p className="text-sm">
        此密码只显示这一次，离开或刷新本页后无法再次查看。请当面或通过可靠渠道交给本人；本人首次登录时必须设置自己的新密码。
      </p>
    </div>
  );
}
