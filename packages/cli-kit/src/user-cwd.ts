// Where the user typed the command. `pnpm --filter … <script>` runs the script in the package's folder
// and sets INIT_CWD to the folder pnpm was started in; relative paths the user gives mean that folder.
/** INIT_CWD when pnpm set it (non-empty), else `cwd` (the process's own folder). */
export function userCwd(env: { readonly INIT_CWD?: string | undefined }, cwd: string): string {
  const init = env.INIT_CWD;
  return init !== undefined && init.length > 0 ? init : cwd;
}
