/** The form that sends a typed code to /verify/<code> (a plain GET form: works without JavaScript). */
export function VerifyForm({ defaultValue = "" }: { defaultValue?: string }) {
  return (
    <form action="/verify" method="get" className="flex max-w-xl flex-col gap-2 sm:flex-row sm:items-end">
      <label className="flex flex-1 flex-col gap-1">
        <span className="font-medium">核验码</span>
        <input
          name="code"
          required
          maxLength={64}
          defaultValue={defaultValue}
          autoComplete="off"
          spellCheck={false}
          placeholder="例如 7K3QF-9XWBM-2HRTD-ZP4NC"
          className="rounded border border-stone-400 px-3 py-2 font-mono uppercase"
        />
      </label>
      <button type="submit" className="rounded bg-red-800 px-4 py-2 font-medium text-white hover:bg-red-900">
        核验
      </button>
    </form>
  );
}
