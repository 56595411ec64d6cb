package author

// Folder returns the content folder of new documents of a doc_type ("" for an unknown type).
func Folder(docType string) string { return docFolders[docType] }

// Prefix returns the prefix of new document numbers of a doc_type ("" for an unknown type).
func Prefix(docType string) string { return docPrefixes[docType] }
