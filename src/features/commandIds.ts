/** Every command id of the extension, in one place (package.json contributes the same ids). */
export const CommandIds = {
  newPostmortem: 'postmortem.new',
} as const;
