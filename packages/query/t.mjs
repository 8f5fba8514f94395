import pkg from 'node-sql-parser'; import fs from 'node:fs'; import path from 'node:path';
const p = new pkg.Parser();
for (const d of ['views','queries']) for (const f of fs.readdirSync('../../athena/'+d)) {
  const sql = fs.readFileSync(path.join('../../athena', d, f), 'utf8');
  try { p.astify(sql, { database: 'trino' }); console.log('ok', f); } catch (e) { console.log('FAIL', f, e.message.slice(0, 300)); }
}
