/**
 * Every file under some paths, whatever form it holds its mesh in: `mesh validate` documents,
 * CloudFormation templates, Kubernetes manifests for the App Mesh controller, Terraform JSON, saved AWS
 * CLI output. Each file's form is recognised from its content; manifests and CLI outputs are read as one
 * set (they refer to each other across files), templates and Terraform files one by one.
 */
import { type DocumentSet, documentFiles, parsedDocuments } from "../../validate/documents.js";
import { importCliOutputs, isCliOutput } from "./aws-cli/outputs.js";
import type { Template } from "./cloudformation/intrinsics.js";
import { importTemplate, isTemplate } from "./cloudformation/template.js";
import type { ImportProblem, ImportResult } from "./imported.js";
import { importManifests, isManifest } from "./kubernetes/manifests.js";
import { readSource } from "./read-source.js";
import { importTerraform } from "./terraform/resources.js";
import { isTerraform, terraformResources } from "./terraform/state.js";

export type SourceFormat = "documents" | "cloudformation" | "kubernetes" | "terraform" | "aws-cli";

export interface Sources {
  /** The files that already hold documents. */
  native: DocumentSet;
  /** Everything imported from the other forms, each document and problem with its file. */
  imported: ImportResult;
  /** The form each file was read as. */
  formats: Map<string, SourceFormat>;
}

const UNKNOWN_FORM =
  "not App Mesh documents, a CloudFormation template, Kubernetes manifests, Terraform JSON or AWS CLI output";

export async function loadSources(paths: string[], parameters: Record<string, string> = {}): Promise<Sources> {
  const sources: Sources = {
    native: { documents: [], problems: [] },
    imported: { documents: [], problems: [], skipped: [] },
    formats: new Map(),
  };
  const manifests: { file: string; values: unknown[] }[] = [];
  const outputs: { file: string; values: unknown[] }[] = [];
  const add = (file: string | undefined, result: ImportResult) => {
    const inFile = <T extends { file?: string }>(item: T) => ({ ...item, file: item.file ?? file });
    sources.imported.documents.push(...result.documents.map(inFile));
    sources.imported.problems.push(...result.problems.map(inFile));
    sources.imported.skipped.push(...result.skipped.map((skipped) => (file ? `${file}: ${skipped}` : skipped)));
  };
  for (const file of documentFiles(paths)) {
    let values: unknown[];
    try {
      values = await readSource(file);
    } catch (error) {
      sources.native.problems.push({ file, index: 0, documentsInFile: 1, message: (error as Error).message });
      continue;
    }
    const format = formatOf(values);
    if (format) sources.formats.set(file, format);
    switch (format) {
      case "documents": {
        const set = parsedDocuments(file, values.flat());
        sources.native.documents.push(...set.documents);
        sources.native.problems.push(...set.problems);
        break;
      }
      case "cloudformation":
        add(file, importTemplate(values[0] as Template, parameters));
        break;
      case "terraform":
        add(file, importTerraform(terraformResources(values[0] as Parameters<typeof terraformResources>[0])));
        break;
      case "kubernetes":
        manifests.push({ file, values });
        break;
      case "aws-cli":
        outputs.push({ file, values: values.flat() });
        break;
      default:
        if (values.length) sources.native.problems.push({ file, index: 0, documentsInFile: 1, message: UNKNOWN_FORM });
    }
  }
  if (manifests.length) add(undefined, importManifests(manifests));
  if (outputs.length) add(undefined, importCliOutputs(outputs));
  return sources;
}

function formatOf(values: unknown[]): SourceFormat | undefined {
  if (!values.length) return undefined;
  const flat = values.flat();
  const has = (key: string) => (value: unknown) => typeof value === "object" && value !== null && key in value;
  // A document that forgot its operation still names its mesh: it is read as one, and told what it lacks.
  if (flat.some(has("operation")) || flat.every(has("meshName"))) return "documents";
  if (values.length === 1 && isTemplate(values[0])) return "cloudformation";
  if (values.length === 1 && isTerraform(values[0])) return "terraform";
  if (flat.every(isManifest)) return "kubernetes";
  if (flat.every(isCliOutput)) return "aws-cli";
  return undefined;
}

/** The sources as one document set, for `mesh validate` and `mesh graph --from`: imported documents point at their resource. */
export function asDocumentSet(sources: Sources): DocumentSet {
  const set: DocumentSet = { documents: [...sources.native.documents], problems: [...sources.native.problems] };
  const byFile = new Map<string, ImportResult["documents"]>();
  for (const doc of sources.imported.documents) {
    const file = doc.file ?? "";
    byFile.set(file, [...(byFile.get(file) ?? []), doc]);
  }
  for (const [file, docs] of byFile) {
    const parsed = parsedDocuments(
      file,
      docs.map((doc) => ({ operation: doc.operation, ...doc.input })),
    );
    for (const document of parsed.documents) {
      const doc = docs[document.index] as ImportResult["documents"][0];
      set.documents.push({ ...document, source: { resource: doc.resource, path: (p) => doc.paths.sourceOf(p) } });
    }
    set.problems.push(...parsed.problems);
  }
  set.problems.push(...sources.imported.problems.map(problemOf));
  return set;
}

function problemOf(problem: ImportProblem): DocumentSet["problems"][0] {
  const message = problem.path ? `${problem.path}: ${problem.message}` : problem.message;
  return {
    file: problem.file ?? "",
    index: 0,
    documentsInFile: 1,
    message,
    ...(problem.resource ? { resource: problem.resource } : {}),
  };
}
