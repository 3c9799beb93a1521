/** The page footer; kept short and hidden in print. */
export function SiteFooter() {
  return (
    <footer className="border-t border-stone-200 bg-white print:hidden">
      <div className="mx-auto max-w-6xl px-4 py-4 text-sm text-stone-600 sm:px-6">
        学习园地 · 干部理论学习平台
      </div>
    </footer>
  );
}
