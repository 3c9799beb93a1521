import { MAX_FILE_LABEL, MAX_ROWS } from "@/lib/import/protocol";

/** What an import file must look like; the template link serves a ready-made example. */
export function ImportHelp({ roleLabels, scopeNote }: { roleLabels: string[]; scopeNote: string }) {
  return (
    <section aria-labelledby="import-help-title" className="mb-6 rounded border border-stone-200 bg-white p-4 text-stone-800">
      <h2 id="import-help-title" className="mb-2 text-lg font-medium">
        文件格式
      </h2>
      <ul className="list-disc space-y-1 pl-6">
        <li>支持 XLSX（取第一个工作表）和 CSV 文件，第一行为表头，最多 {MAX_ROWS} 行、{MAX_FILE_LABEL}。</li>
        <li>
          列：<strong>姓名</strong>、<strong>账号</strong>（工号或手机号等，字母、数字和 . _ @ -）、<strong>单位路径</strong>或<strong>单位编码</strong>
          （至少填一个）、<strong>角色</strong>（可填：{roleLabels.join("、")}；不填即为学员）。
        </li>
        <li>单位路径从最上级单位写起，用“/”分隔，例如：示范县委/县委组织部/组织部第一支部。{scopeNote}</li>
        <li>先检查全部行，只要有一行有问题就不会导入任何账号；每个账号会生成一个初始密码，首次登录时须修改。</li>
        <li>用 Excel 编辑 CSV 时，请把账号列设为“文本”格式，以免长数字被改成科学计数法。</li>
      </ul>
      <p className="mt-3">
        <a href="/api/admin/import/template" download className="font-medium text-red-900 underline underline-offset-4 hover:text-red-700">
          下载导入模板（CSV）
        </a>
      </p>
    </section>
  );
}
