/**
 * Records the AWS CLI's bytes for every case in test/fixtures/aws-cli/ (or the cases named on the
 * command line) by running the real AWS CLI v2: `npm run build && node dist/test/helpers/record-aws-cli.js`.
 */
import { fileURLToPath } from "node:url";
import { caseNames, loadCase, runCase, saveCase } from "./aws-cli-cases.js";

const AWS = process.env.AWS_CLI ?? "/usr/bin/aws";

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const names = process.argv.length > 2 ? process.argv.slice(2) : caseNames();
  for (const name of names) {
    const spec = loadCase(name);
    const aws = await runCase(spec, [AWS]);
    saveCase(name, { ...spec, aws });
    console.log(`${name}: exit ${aws.code}`);
  }
}
