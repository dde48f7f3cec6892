// Checks as you type and their quick fixes: one feature, two providers.
export { PostmortemCodeActions } from './codeActions';
export { DIAGNOSTIC_SOURCE, PostmortemDiagnostics } from './diagnostics';
