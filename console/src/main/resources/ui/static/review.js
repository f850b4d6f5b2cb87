// Scripts of the review pages only (the layout loads /ui/static/<page>.js after mamori.js). No inline scripts: the CSP allows only files.
