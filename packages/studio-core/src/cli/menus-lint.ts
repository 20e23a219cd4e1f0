// `pnpm menus:lint`: the menu rules over every chart of the studio; exits 1 on any finding.
import { STUDIO_CHARTS } from '../charts.js';
import { lintMenus } from '../menu-lint.js';

const findings = lintMenus(STUDIO_CHARTS);
for (const finding of findings) console.log(`${finding.rule}: ${finding.message}`);
const machines = new Set(STUDIO_CHARTS.map((chart) => chart.machine.id)).size;
if (findings.length > 0) {
  console.log(`menus:lint: ${findings.length} problem(s)`);
  process.exit(1);
}
console.log(`menus:lint: ${STUDIO_CHARTS.length} charts of ${machines} machine(s), no problems`);
