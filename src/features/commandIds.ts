/** Every command id of the extension, in one place (package.json contributes the same ids). */
export const CommandIds = {
  newPostmortem: 'postmortem.new',
  actionItemsRefresh: 'postmortem.actionItems.refresh',
  actionItemsGroupBy: 'postmortem.actionItems.groupBy',
  actionItemsFilter: 'postmortem.actionItems.filter',
  actionItemsMarkDone: 'postmortem.actionItems.markDone',
  actionItemsSetOwner: 'postmortem.actionItems.setOwner',
  actionItemsSetDue: 'postmortem.actionItems.setDue',
  actionItemsOpenTicket: 'postmortem.actionItems.openTicket',
  actionItemsCreateTicket: 'postmortem.actionItems.createTicket',
  actionItemsCopyMarkdown: 'postmortem.actionItems.copyMarkdown',
  timelineAddEvent: 'postmortem.timeline.addEvent',
  timelineSort: 'postmortem.timeline.sort',
  timelineFormat: 'postmortem.timeline.format',
  timelineConvertToUtc: 'postmortem.timeline.convertToUtc',
  timelineAnalyzeGaps: 'postmortem.timeline.analyzeGaps',
  timelineImport: 'postmortem.timeline.import',
} as const;
