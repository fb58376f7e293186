"""The preview server: `wom serve` (server, watcher, live reload, share preview)."""

from wom_site.serve.preview import PortInUse, Preview, ServeOptions, serve

__all__ = ["PortInUse", "Preview", "ServeOptions", "serve"]
