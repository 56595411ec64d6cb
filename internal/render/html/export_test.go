package html

// TextBucket is textBucket, for the browser tests (Go and search.js agree).
var TextBucket = textBucket
