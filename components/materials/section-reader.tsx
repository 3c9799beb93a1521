import { Breadcrumbs } from "@/components/breadcrumbs";
import { FontSizeControl } from "@/components/font-size-control";
import { SectionNotesLoader } from "@/components/notes/lazy";
import { PrevNext } from "@/components/prev-next";
import { SectionProgress } from "@/components/progress/section-progress";
import { ReadingTracker } from "@/components/reading-tracker";
import { SectionToc } from "@/components/section-toc";
import type { SectionView } from "@/lib/content";
import { READING_CHARS_PER_MINUTE } from "@/lib/content/reading-time";
import { getMaterialPageVersion } from "@/lib/quiz";
import { materialHref, sectionHref } from "@/lib/routes";

/** A section page: the text, its progress and notes, previous/next and the material's table of contents. */
export function SectionReader({ view }: { view: SectionView }) {
  const { material, section, previous, next } = view;
  // What the client needs to measure reading: ids and lengths only, not the text again.
  const paragraphs = section.paragraphs.map(({ id, chars }) => ({ id, chars }));
  return (
    <div className="lg:grid lg:grid-cols-[15rem_minmax(0,1fr)] lg:gap-10" data-material-revision={getMaterialPageVersion(material)}>
      <article className="lg:col-start-2 lg:row-start-1">
        {/* On a phone the trail is one line, with the jump to the table of contents beside it. */}
        <div className="mb-2 flex items-baseline justify-between gap-3 lg:mb-4">
          <Breadcrumbs
            compact
            className=""
            items={[
              { label: "学习材料", href: "/" },
              { label: material.title, href: materialHref(material.slug) },
              { label: section.title },
            ]}
          />
          <a href="#toc-heading" className="shrink-0 text-sm text-red-800 underline lg:hidden print:hidden">
            本材料目录
          </a>
        </div>
        <SectionProgress material={material.slug} section={section.slug} paragraphs={paragraphs} />
        <header className="mb-3 border-b border-stone-200 pb-2 sm:mb-6 sm:pb-4">
          <h1 className="text-xl font-bold leading-snug sm:text-3xl">{section.title}</h1>
          <div className="mt-2 flex flex-wrap items-center justify-between gap-x-3 gap-y-2 sm:mt-3">
            <p className="text-sm text-stone-600 print:hidden">
              约 {section.chars.toLocaleString("zh-CN")} 字 · <span className="max-sm:hidden">预计阅读 </span>
              {section.minutes} 分钟
              <span className="max-sm:hidden">（按每分钟 {READING_CHARS_PER_MINUTE} 字计）</span>
            </p>
            <FontSizeControl />
          </div>
        </header>
        <div id="section-text" data-version={section.version} className="reading max-w-[42em]" dangerouslySetInnerHTML={{ __html: section.html }} />
        <ReadingTracker material={material.slug} section={section.slug} version={section.version} paragraphs={paragraphs} />
        {/* Shown only while the tracker says the session ended (its status line is the peer): signing in in
            another window keeps this page and its measurement, and coming back to it sends the queue. */}
        <a
          href={`/login?next=${encodeURIComponent(sectionHref(material.slug, section.slug))}`}
          target="_blank"
          className="hidden text-sm font-medium text-amber-900 underline peer-data-[signed-out]:inline print:hidden"
        >
          在新窗口重新登录
        </a>
        <SectionNotesLoader material={material.slug} section={section.slug} version={section.version} textId="section-text" />
        <PrevNext materialSlug={material.slug} previous={previous} next={next} />
      </article>
      <aside className="mt-10 lg:sticky lg:top-4 lg:col-start-1 lg:row-start-1 lg:mt-0 lg:self-start print:hidden">
        <SectionToc material={material} currentSlug={section.slug} />
      </aside>
    </div>
  );
}
