import { resetUserPasswordAction, setUserDisabledAction, updateUserAction } from "@/app/admin/users/actions";
import type { UserRow } from "@/lib/users";
import { ConfirmActionForm } from "./confirm-action-form";
import { EditUserForm } from "./edit-user-form";
import type { SelectOption } from "../forms/field";

type Props = { user: UserRow; unitOptions: SelectOption[]; roleOptions: SelectOption[] };

const sectionClass = "rounded border border-stone-200 bg-white p-4";

/**
 * Edit, disable/enable and reset for an account the actor may manage. The account id is bound to
 * each action on the server (`.bind`), not sent as a form field; the actions check it again.
 */
export function AccountManagement({ user, unitOptions, roleOptions }: Props) {
  return (
    <>
      <section aria-labelledby="edit-heading" className={sectionClass}>
        <h2 id="edit-heading" className="mb-3 text-lg font-bold">姓名、单位和角色</h2>
        <EditUserForm
          action={updateUserAction.bind(null, user.id)}
          unitOptions={unitOptions}
          roleOptions={roleOptions}
          initial={{ name: user.name, unitId: String(user.unit.id), role: user.role }}
        />
      </section>
      <section aria-labelledby="status-heading" className={sectionClass}>
        <h2 id="status-heading" className="mb-3 text-lg font-bold">{user.disabled ? "启用账号" : "停用账号"}</h2>
        <p className="mb-3 text-stone-700">{user.disabled ? "该账号已停用，启用后可以重新登录。" : "停用后该账号不能登录，已有的登录立即退出。"}</p>
        <ConfirmActionForm
          action={setUserDisabledAction.bind(null, user.id, !user.disabled)}
          confirmLabel={user.disabled ? undefined : `我确认要停用 ${user.name} 的账号`}
          submitLabel={user.disabled ? "启用账号" : "停用账号"}
          pendingLabel="正在处理…"
          tone={user.disabled ? "normal" : "danger"}
        />
      </section>
      <section aria-labelledby="reset-heading" className={sectionClass}>
        <h2 id="reset-heading" className="mb-3 text-lg font-bold">重置密码</h2>
        <p className="mb-3 text-stone-700">生成新的一次性密码，只显示一次。原密码立即失效，该账号的所有登录退出，本人下次登录时须设置新密码。</p>
        <ConfirmActionForm
          action={resetUserPasswordAction.bind(null, user.id)}
          confirmLabel={`我确认要重置 ${user.name} 的密码`}
          submitLabel="重置密码"
          pendingLabel="正在重置…"
        />
      </section>
    </>
  );
}
