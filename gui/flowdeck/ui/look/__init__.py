"""What every part of the window looks like: theme and colours, languages, banners,
error texts, elided labels. Imports no other ui package."""
