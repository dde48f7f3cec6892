console.error("postmortem lint: not yet"); process.exit(2);
