import Link from "next/link";
import { HeaderMenu } from "./header-menu";
import { SearchForm } from "./search-form";

/**
 * The banner on every page: the portal's name, its main navigation, the search box and the account
 * actions; on a phone one compact bar whose 菜单 and search buttons open the rest (HeaderMenu). It is
 * prerendered for everyone, so what an anonymous visitor cannot use is hidden by CSS (globals.css)
 * from marks set in the browser: 我的学习 and 我的笔记 need a signed-in user; the materials and the
 * search need one too, unless reading is public (the sign-in page says which, data-reading-closed).
 */
export function SiteHeader() {
  return (
    <header className="bg-red-800 text-white print:hidden">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2 sm:px-6 lg:py-3">
        <Link href="/" className="py-1 text-xl font-bold tracking-wide">
          学习园地
        </Link>
        <HeaderMenu
          nav={
            <nav aria-label="主导航" data-nav="reading">
              <ul className="flex gap-x-6 gap-y-1 text-base lg:gap-4">
                <li>
                  <Link href="/" className="inline-block py-2 hover:underline lg:py-0">
                    学习材料
                  </Link>
                </li>
                <li data-nav="member">
                  <Link href="/me" className="inline-block py-2 hover:underline lg:py-0">
                    我的学习
                  </Link>
                </li>
                <li data-nav="member">
                  <Link href="/me/notes" className="inline-block py-2 hover:underline lg:py-0">
                    我的笔记
                  </Link>
                </li>
              </ul>
            </nav>
          }
          search={<SearchForm />}
        />
      </div>
    </header>
  );
}
