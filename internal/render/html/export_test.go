package html

// TextBucket is textBucket, for the browser tests (Go and search.js agree).
var TextBucket = textBucket

// SetGoWriters turns the Go writers of document and record pages on or off
// (gopages.go); the returned function restores the setting.
func SetGoWriters(on bool) (restore func()) {
	old := goWriters
	goWriters = on
	return func() { goWriters = old }
}

// SetMaxListedPages sets how many table pages a register page links all of
// (pagesLinked); the returned function restores it.
func SetMaxListedPages(n int) (restore func()) {
	old := maxListedPages
	maxListedPages = n
	return func() { maxListedPages = old }
}

// SetBucketAbove sets the number of search entries above which the terms
// are in bucket files; the returned function restores it.
func SetBucketAbove(n int) (restore func()) {
	old := bucketAbove
	bucketAbove = n
	return func() { bucketAbove = old }
}

// TermBucket is termBucket, for the browser test (Go and search.js agree).
var TermBucket = termBucket

// TermBuckets is the number of term buckets.
const TermBuckets = termBuckets
