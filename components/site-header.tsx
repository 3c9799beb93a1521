import Link from "next/link";
import { SearchForm } from "./search-form";
import { UserMenu } from "./user-menu";

/** The banner on every page: the portal's name, its main navigation and the search box. */
export function SiteHeader() {
  return (
    <header className="bg-red-800 text-white print:hidden">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-3 px-4 py-3 sm:px-6">
        <Link href="/" className="text-xl font-bold tracking-wide">
          学习园地
        </Link>
        <nav aria-label="主导航" className="flex-1">
          <ul className="flex gap-4 text-base">
            <li>
              <Link href="/" className="hover:underline">
                学习材料
              </Link>
            </li>
            <li>
              <Link href="/me" className="hover:underline">
                我的学习
              </Link>
            </li>
            <li>
              <Link href="/me/notes" className="hover:underline">
                我的笔记
              </Link>
            </li>
          </ul>
        </nav>
        <SearchForm />
        <UserMenu />
      </div>
    </header>
  );
}
