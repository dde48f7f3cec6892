/** The pure core: no `vscode`, no Node built-ins. */
export * from './model';
export { parsePostmortem } from './parse';
export { isPostmortem, postmortemReason, type PostmortemReason } from './detect';
export * from './template';
export * from './text';
export * from './vocabulary';
export * from './dates';
export * from './config';
export { parseTableRow, plainText } from './table';
export * from './lint';
export * from './tableEdit';
export { parseActionModel, type ActionModel } from './actionModel';
export * from './actionIndex';
export * from './timeline';
export * from './timelineImport';
export * from './whys';
