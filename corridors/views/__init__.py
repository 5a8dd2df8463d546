"""The app's views: each a function of (data, state) that draws and returns what the user chose."""

from corridors.views import citations as citations
from corridors.views import export_panel as export_panel
from corridors.views import map_panel as map_panel
from corridors.views import sidebar as sidebar
from corridors.views import sources as sources
from corridors.views import timeline as timeline
