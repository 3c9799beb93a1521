import type { MetadataRoute } from "next";

// Installable (issue 18): "add to home screen" / "install" opens the portal in its own window.
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "学习园地",
    short_name: "学习园地",
    description: "干部理论学习园地：在线研读学习材料，离线也能阅读已保存的内容。",
    lang: "zh-CN",
    start_url: "/",
    scope: "/",
    display: "standalone",
    background_color: "#fafaf9",
    theme_color: "#991b1b",
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/maskable-192.png", sizes: "192x192", type: "image/png", purpose: "maskable" },
      { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
