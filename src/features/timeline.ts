import * as vscode from 'vscode';
import {
  EVENT_CLASS_LABELS,
  analyzeTimeline,
  addEventEdits,
  convertToUtcEdits,
  durationEdits,
  formatMinutes,
  formatTableEdits,
  gapAnalysisEdits,
  guessCsvColumns,
  importEvents,
  incidentDateOf,
  mergeEventsEdits,
  parseCsv,
  sortTimelineEdits,
  timeForNow,
  timelineTimeOf,
  zoneOf,
  type Timeline,
  type CsvColumns,
  type ImportedEvent,
  type PostmortemModel,
  type TextEdit,
} from '../core';
import type { Clock } from '../vscode/clock';
import { registerCommands, type CommandTable } from '../vscode/commands';
import { toPosition, toWorkspaceEdit } from '../vscode/convert';
import { documentValue, postmortemModel, settled } from '../vscode/documents';
import { getSettings } from '../vscode/settings';
import { CommandIds } from './commandIds';

/** Arguments a CodeLens, a test or a keybinding passes; without them the command works on the active editor and asks. */
export interface TimelineImportArgs {
  readonly uri?: vscode.Uri;
  /** Read the export from this file instead of asking. */
  readonly file?: vscode.Uri;
  /** Take every event without the preview. */
  readonly acceptAll?: boolean;
  readonly csv?: CsvColumns;
  /** The zone of CSV times that say none (an IANA name, `UTC`, `+02:00`); else the timeline's, else asked. */
  readonly zone?: string;
}

/**
 * The timeline helper: CodeLens above the Timeline table, commands that edit it through the core
 * (each one WorkspaceEdit, so one undo step), event classes as inlay hints, and import from exports.
 */
export function registerTimeline(clock: Clock): vscode.Disposable {
  const selector: vscode.DocumentSelector = { language: 'markdown' };
  /** The timeline commands: id → handler, registered in one loop. */
  const commands: CommandTable = {
    [CommandIds.timelineAddEvent]: (uri?: vscode.Uri) =>
      withTimeline(uri, true, async (editor, model, lines) => {
        const { edits, cursor } = addEventEdits(model, lines, timeForNow(model, clock.now()));
        if (!(await apply(editor, edits))) return false;
        editor.selection = new vscode.Selection(toPosition(cursor), toPosition(cursor));
        editor.revealRange(new vscode.Range(toPosition(cursor), toPosition(cursor)));
        return true;
      }),
    [CommandIds.timelineSort]: (uri?: vscode.Uri) =>
      withTimeline(uri, false, (editor, model, lines) =>
        apply(
          editor,
          model.timelines.flatMap((t) => sortTimelineEdits(model, t, lines, model.eol)),
          vscode.l10n.t('The timeline is already in time order.'),
        ),
      ),
    [CommandIds.timelineFormat]: (uri?: vscode.Uri) =>
      withTimeline(uri, false, (editor, model, lines) => {
        const tables = model.timelines.flatMap((t) => (t.table ? [t.table] : []));
        if (tables.length === 0) {
          void vscode.window.showInformationMessage(
            vscode.l10n.t('Format aligns the columns of a timeline table; this timeline is written as {0}.', SHAPE_NAMES[model.timeline!.shape]),
          );
          return Promise.resolve(false);
        }
        return apply(
          editor,
          tables.flatMap((table) => formatTableEdits(table, lines)),
          vscode.l10n.t('The timeline is already formatted.'),
        );
      }),
    [CommandIds.timelineConvertToUtc]: (uri?: vscode.Uri) =>
      withTimeline(uri, false, (editor, model, lines) =>
        apply(editor, convertToUtcEdits(model, lines), vscode.l10n.t('No time in the timeline has a zone or offset to convert.')),
      ),
    [CommandIds.timelineAnalyzeGaps]: (uri?: vscode.Uri) => withTimeline(uri, false, analyzeGaps),
    [CommandIds.timelineImport]: (args?: TimelineImportArgs) => withTimeline(args?.uri, true, (editor, model) => importInto(editor, model, args ?? {})),
  };
  const onDidChange = new vscode.EventEmitter<void>();
  return vscode.Disposable.from(
    onDidChange,
    vscode.workspace.onDidChangeTextDocument((e) => e.document.languageId === 'markdown' && onDidChange.fire()),
    vscode.languages.registerCodeLensProvider(selector, {
      provideCodeLenses: async (document, token) => ((await settled(document, token)) ? provideCodeLenses(document) : []),
      onDidChangeCodeLenses: onDidChange.event,
    }),
    vscode.languages.registerInlayHintsProvider(selector, {
      provideInlayHints: async (document, range, token) => ((await settled(document, token)) ? provideInlayHints(document, range) : []),
    }),
    registerCommands(commands),
  );
}

const SHAPE_NAMES: Readonly<Record<Timeline['shape'], string>> = {
  table: vscode.l10n.t('a table'),
  list: vscode.l10n.t('timed bullets'),
  headings: vscode.l10n.t('one heading per time'),
  paragraphs: vscode.l10n.t('stamped paragraphs'),
};

function provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
  const model = postmortemModel(document);
  if (!model) return [];
  const sections =
    model.timelines.length > 0
      ? model.timelines.map((t) => ({ timeline: t as Timeline | undefined, section: t.section }))
      : model.sections.filter((s) => s.kind === 'timeline').map((section) => ({ timeline: undefined, section }));
  const lenses: vscode.CodeLens[] = [];
  sections.forEach(({ timeline, section }, i) => {
    const line = timeline?.table?.header.line ?? section.heading.start.line;
    const at = new vscode.Range(line, 0, line, 0);
    const lens = (title: string, command: string, args: unknown[] = [document.uri]): vscode.CodeLens =>
      new vscode.CodeLens(at, { title, command, arguments: args });
    // Add event and Import work on the first timeline; the others get the commands that read them.
    if (i === 0) lenses.push(lens(vscode.l10n.t('Add event'), CommandIds.timelineAddEvent));
    if (timeline && timeline.entries.length > 0) {
      lenses.push(lens(vscode.l10n.t('Sort'), CommandIds.timelineSort));
      if (timeline.table) lenses.push(lens(vscode.l10n.t('Format'), CommandIds.timelineFormat));
      lenses.push(lens(vscode.l10n.t('Analyze gaps'), CommandIds.timelineAnalyzeGaps));
    }
    if (i === 0) lenses.push(lens(vscode.l10n.t('Import…'), CommandIds.timelineImport, [{ uri: document.uri }]));
  });
  return lenses;
}

function provideInlayHints(document: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
  const model = postmortemModel(document);
  if (!model || model.timelines.length === 0) return [];
  const lines = documentValue(document).lines;
  const gapMinutes = getSettings(document.uri).gapMinutes;
  const hints: vscode.InlayHint[] = [];
  for (const timeline of model.timelines) {
    const analysis = analyzeTimeline(model, lines, gapMinutes, timeline);
    for (const row of analysis?.rows ?? []) {
      const entry = row.entry;
      const end = entry.cells.event?.range.end ?? { line: entry.line, character: lines[entry.line]?.trimEnd().length ?? 0 };
      if (!range.contains(toPosition(end))) continue;
      // A table has a Gap Analysis column for notes; other shapes show them here instead of in the text.
      const note = !timeline.table && row.note ? row.note : undefined;
      const label = [row.cls ? EVENT_CLASS_LABELS[row.cls] : undefined, note].filter(Boolean).join(' · ');
      if (!label) continue;
      const hint = new vscode.InlayHint(toPosition(end), label, vscode.InlayHintKind.Type);
      hint.paddingLeft = true;
      hint.tooltip = vscode.l10n.t(
        'Event class used by Analyze Gaps. Override it with a tag in the entry: #change, #symptom, #alert, #customer, #response, #mitigation or #resolution.',
      );
      hints.push(hint);
    }
  }
  return hints;
}

type TimelineAction = (editor: vscode.TextEditor, model: PostmortemModel, lines: readonly string[]) => Promise<boolean>;

/** Runs an action on the post-mortem of `uri` (or the active editor), when it has a timeline (or may create one). */
async function withTimeline(uri: vscode.Uri | undefined, mayCreate: boolean, action: TimelineAction): Promise<boolean> {
  const editor = uri ? await vscode.window.showTextDocument(uri) : vscode.window.activeTextEditor;
  const model = editor && postmortemModel(editor.document);
  if (!editor || !model) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a post-mortem to work on its timeline.'));
    return false;
  }
  if ((!model.timeline || model.timeline.entries.length === 0) && !mayCreate) {
    void vscode.window.showInformationMessage(vscode.l10n.t('This post-mortem has no timeline with times yet: use "Add Timeline Event" to start one.'));
    return false;
  }
  return action(editor, model, documentValue(editor.document).lines);
}

/** One WorkspaceEdit: one undo step. An empty change says why instead. */
async function apply(editor: vscode.TextEditor, edits: readonly TextEdit[], nothingToDo?: string): Promise<boolean> {
  if (edits.length === 0) {
    if (nothingToDo) void vscode.window.showInformationMessage(nothingToDo);
    return false;
  }
  return vscode.workspace.applyEdit(toWorkspaceEdit(editor.document.uri, edits));
}

async function analyzeGaps(editor: vscode.TextEditor, model: PostmortemModel, lines: readonly string[]): Promise<boolean> {
  const gapMinutes = getSettings(editor.document.uri).gapMinutes;
  const analysis = analyzeTimeline(model, lines, gapMinutes);
  if (!analysis || analysis.duration === undefined) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No timeline entries with a time to analyze.'));
    return false;
  }
  const changed = await apply(editor, gapAnalysisEdits(model, lines, analysis));
  const parts = [
    analysis.timeToDetect !== undefined ? vscode.l10n.t('detected after {0}', formatMinutes(analysis.timeToDetect)) : vscode.l10n.t('no detection event'),
    analysis.timeToMitigate !== undefined ? vscode.l10n.t('mitigated after {0}', formatMinutes(analysis.timeToMitigate)) : undefined,
    analysis.timeToResolve !== undefined ? vscode.l10n.t('resolved after {0}', formatMinutes(analysis.timeToResolve)) : undefined,
    analysis.detectionGap !== undefined ? vscode.l10n.t('{0} from first symptom to detection', formatMinutes(analysis.detectionGap)) : undefined,
    analysis.customerBeforeMonitoring ? vscode.l10n.t('a customer reported it before monitoring did') : undefined,
    model.timeline?.table ? undefined : vscode.l10n.t('the gaps are shown beside the entries'),
  ].filter(Boolean);
  const write = vscode.l10n.t('Write Duration');
  const duration = `${analysis.start} to ${analysis.end} (${formatMinutes(analysis.duration)})`;
  // Not awaited: the message waits for the person, the command does not.
  void vscode.window.showInformationMessage(vscode.l10n.t('Timeline: {0}. Duration {1}.', parts.join(', '), duration), write).then(async (choice) => {
    if (choice !== write) return;
    const fresh = postmortemModel(editor.document);
    const freshLines = documentValue(editor.document).lines;
    const again = fresh && analyzeTimeline(fresh, freshLines, gapMinutes);
    if (fresh && again) await apply(editor, durationEdits(fresh, freshLines, again));
  });
  return changed;
}

async function importInto(editor: vscode.TextEditor, model: PostmortemModel, args: TimelineImportArgs): Promise<boolean> {
  let text: string | undefined;
  let sourceName: string | undefined;
  let file = args.file;
  if (!file) {
    const fromFile = vscode.l10n.t('From a file…');
    const fromClipboard = vscode.l10n.t('From the clipboard');
    const choice = await vscode.window.showQuickPick(
      [
        { label: fromFile, detail: vscode.l10n.t('Slack export JSON, CSV (alerts, tickets), log lines with ISO 8601 times, git log --date=iso') },
        { label: fromClipboard, detail: vscode.l10n.t('The same formats, pasted') },
      ],
      { title: vscode.l10n.t('Import Timeline Events') },
    );
    if (!choice) return false;
    if (choice.label === fromClipboard) {
      text = await vscode.env.clipboard.readText();
      sourceName = undefined;
    } else {
      file = (
        await vscode.window.showOpenDialog({
          canSelectMany: false,
          title: vscode.l10n.t('Import Timeline Events'),
          filters: { [vscode.l10n.t('Exports')]: ['json', 'csv', 'log', 'txt'], [vscode.l10n.t('All files')]: ['*'] },
        })
      )?.[0];
      if (!file) return false;
    }
  }
  if (file) {
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    } catch (error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Cannot read {0}: {1}', file.path, error instanceof Error ? error.message : String(error)));
      return false;
    }
    sourceName = /slack/i.test(file.path)
      ? 'Slack'
      : file.path
          .split('/')
          .pop()
          ?.replace(/\.[^.]+$/, '');
  }
  if (!text?.trim()) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Nothing to import: the text is empty.'));
    return false;
  }
  let csv = args.csv;
  if (!csv && !args.acceptAll && importEvents(text, { sourceName }).format === 'csv') {
    csv = await pickCsvColumns(parseCsv(text)[0] ?? []);
    if (!csv) return false;
  }
  // CSV times that say no zone: the timeline's zone, else the person says which (never the machine's).
  let zone: string | number | undefined = (args.zone !== undefined ? zoneOf(args.zone) : undefined) ?? model.timeline?.zone?.zone;
  let result = importEvents(text, { sourceName, csv, zone });
  if (result.needsZone && !args.acceptAll) {
    zone = await pickZone();
    if (zone === undefined) return false;
    result = importEvents(text, { sourceName, csv, zone });
  }
  if (result.error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Import Timeline Events: {0} Nothing was changed.', result.error));
    return false;
  }
  let events: readonly ImportedEvent[] = result.events;
  if (!args.acceptAll) {
    const incident = incidentDateOf(model);
    const picked = await vscode.window.showQuickPick(
      events.map((event) => ({ label: `${timelineTimeOf(event.time, incident)}  ${event.event}`, description: event.source, picked: true, event })),
      { title: vscode.l10n.t('Import {0} events: uncheck the ones to leave out', events.length), canPickMany: true, matchOnDescription: true },
    );
    if (!picked || picked.length === 0) return false;
    events = picked.map((p) => p.event);
  }
  // The pickers waited for the person; the document may have changed meanwhile: merge into what it says now.
  const current = editor.document.isClosed ? undefined : postmortemModel(editor.document);
  if (!current) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Import Timeline Events: the post-mortem was closed or changed into something else. Nothing was changed.'),
    );
    return false;
  }
  const { edits, added } = mergeEventsEdits(current, documentValue(editor.document).lines, events);
  if (added === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Every event is already in the timeline.'));
    return false;
  }
  const ok = await apply(editor, edits);
  if (ok) vscode.window.setStatusBarMessage(vscode.l10n.t('Imported {0} timeline events', added), 4000);
  return ok;
}

/** Asks which zone a CSV's times are in: UTC, this computer's zone, or one typed in. */
async function pickZone(): Promise<string | number | undefined> {
  const here = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const other = vscode.l10n.t('Other zone…');
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'UTC', zone: 'UTC' },
      ...(here && here !== 'UTC' ? [{ label: here, description: vscode.l10n.t('this computer'), zone: here }] : []),
      { label: other, zone: undefined },
    ],
    { title: vscode.l10n.t('CSV import: the times say no time zone. Which zone are they in?') },
  );
  if (!picked) return undefined;
  if (picked.zone) return picked.zone;
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('CSV import: time zone'),
    prompt: vscode.l10n.t('An IANA zone (Europe/Berlin), UTC, or an offset (+02:00)'),
    validateInput: (value) => (zoneOf(value) === undefined ? vscode.l10n.t('Not a time zone this computer knows.') : undefined),
  });
  return typed === undefined ? undefined : zoneOf(typed);
}

async function pickCsvColumns(header: readonly string[]): Promise<CsvColumns | undefined> {
  const guess = guessCsvColumns(header);
  const items = header.map((name, index) => ({ label: name || `(column ${index + 1})`, index }));
  const time = await vscode.window.showQuickPick(
    [...items].sort((a, b) => (a.index === guess?.time ? -1 : b.index === guess?.time ? 1 : 0)),
    { title: vscode.l10n.t('CSV import: which column holds the time?') },
  );
  if (!time) return undefined;
  const text = await vscode.window.showQuickPick(
    items.filter((i) => i.index !== time.index).map((i) => ({ ...i, picked: guess?.text.includes(i.index) ?? false })),
    { title: vscode.l10n.t('CSV import: which columns make the event text?'), canPickMany: true },
  );
  if (!text || text.length === 0) return undefined;
  return { time: time.index, text: text.map((t) => t.index) };
}
