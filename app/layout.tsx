import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { SiteFooter } from "@/components/site-footer";
import { OfflineSupport } from "@/components/offline/offline-support";
import { SiteHeader } from "@/components/site-header";
import { BOOT_SCRIPT } from "@/lib/boot-script";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "学习园地", template: "%s · 学习园地" },
  description: "干部理论学习园地：在线研读学习材料。",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#991b1b" };

// Static on purpose: reading pages are prerendered. The boot script is allowed by its hash in the
// CSP (lib/security/csp.ts), and the header learns who is signed in in the browser.
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The boot script may set data-font-size and data-signed-in before React hydrates.
    <html lang="zh-CN" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: BOOT_SCRIPT }} />
      </head>
      <body className="flex min-h-screen flex-col bg-stone-50 font-sans text-stone-900 antialiased print:bg-white">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-4 focus:py-2 focus:text-red-900"
        >
          跳到正文
        </a>
        <SiteHeader />
        <OfflineSupport />
        <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 px-4 pt-3 pb-6 sm:px-6 sm:py-8 focus:outline-none">
          {children}
        </main>
        <SiteFooter />
      </body>
    </html>
  );
}
