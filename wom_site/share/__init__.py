"""Everything that makes a page travel: meta tags, JSON-LD, share links, cards, QR codes."""
