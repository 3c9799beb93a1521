"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { UserMenu } from "./user-menu";

type Panel = "menu" | "search";
type Props = { nav: ReactNode; search: ReactNode };

const SEARCH_INPUT_ID = "site-search";

/**
 * The header's navigation, search and account actions. On wide screens (lg and up) all of it sits in
 * the bar and the two buttons are hidden; below that the bar keeps only the portal's name, a search
 * button and a 菜单 button, each opening its part underneath (disclosure buttons: aria-expanded,
 * Escape closes and returns focus, a page change closes). Both buttons carry data-nav="reading", so
 * the sign-in page hides them from an anonymous visitor when there is nothing to open (globals.css).
 */
export function HeaderMenu({ nav, search }: Props) {
  const [open, setOpen] = useState<Panel | null>(null);
  const pathname = usePathname();
  const searchButton = useRef<HTMLButtonElement>(null);
  const menuButton = useRef<HTMLButtonElement>(null);

  useEffect(() => setOpen(null), [pathname]);

  useEffect(() => {
    if (open === "search") document.getElementById(SEARCH_INPUT_ID)?.focus();
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(null);
      (open === "search" ? searchButton : menuButton).current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);

  const toggle = (panel: Panel) => setOpen((current) => (current === panel ? null : panel));
  // Closed panels are hidden below lg only; on wide screens they are the bar itself.
  const shown = (panel: Panel) => (open === panel ? "" : "max-lg:hidden");
  const button = "flex min-h-11 min-w-11 items-center justify-center gap-1 rounded px-2 hover:bg-white/10 aria-expanded:bg-white/15";

  return (
    <>
      <div className="ml-auto flex items-center gap-1 lg:hidden">
        <button ref={searchButton} type="button" data-nav="reading" aria-label="搜索" aria-expanded={open === "search"} aria-controls="site-search-panel" onClick={() => toggle("search")} className={button}>
          <svg aria-hidden="true" viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
            <circle cx="10.5" cy="10.5" r="6.5" />
            <path d="m15.5 15.5 5 5" />
          </svg>
        </button>
        <button ref={menuButton} type="button" data-nav="reading" aria-expanded={open === "menu"} aria-controls="site-nav site-account" onClick={() => toggle("menu")} className={button}>
          <svg aria-hidden="true" viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
            <path d={open === "menu" ? "m6 6 12 12M18 6 6 18" : "M4 7h16M4 12h16M4 17h16"} />
          </svg>
          <span>菜单</span>
        </button>
      </div>
      <div id="site-nav" className={`w-full lg:w-auto lg:flex-1 ${shown("menu")}`}>
        {nav}
      </div>
      <div id="site-search-panel" data-nav="reading" className={`w-full lg:w-auto ${shown("search")}`}>
        {search}
      </div>
      <div id="site-account" className={`w-full border-t border-white/20 pt-2 lg:w-auto lg:border-0 lg:pt-0 ${shown("menu")}`}>
        <UserMenu />
      </div>
    </>
  );
}
