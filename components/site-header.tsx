import Link from "next/link";
import { SearchForm } from "./search-form";
import { UserMenu } from "./user-menu";

/**
 * The banner on every page: the portal's name, its main navigation and the search box. It is
 * prerendered for everyone, so what an anonymous visitor cannot use is hidden by CSS (globals.css)
 * from marks set in the browser: 我的学习 and 我的笔记 need a signed-in user; the materials and the
 * search need one too, unless reading is public (the sign-in page says which, data-reading-closed).
 */
export function SiteHeader() {
  return (
    <header className="bg-red-800 text-white print:hidden">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-3 px-4 py-3 sm:px-6">
        <Link href="/" className="text-xl font-bold tracking-wide">
          学习园地
        </Link>
        <nav aria-label="主导航" className="flex-1" data-nav="reading">
          <ul className="flex gap-4 text-base">
            <li>
              <Link href="/" className="hover:underline">
                学习材料
              </Link>
            </li>
            <li data-nav="member">
              <Link href="/me" className="hover:underline">
                我的学习
              </Link>
            </li>
            <li data-nav="member">
              <Link href="/me/notes" className="hover:underline">
                我的笔记
              </Link>
            </li>
          </ul>
        </nav>
        <div data-nav="reading" className="w-full sm:w-auto">
          <SearchForm />
        </div>
        <UserMenu />
      </div>
    </header>
  );
}
