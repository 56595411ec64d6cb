// Package workbook is the layout of smsgen's Excel workbooks that both sides
// rely on: the renderer (internal/render/xlsx) writes it and smsgen import
// (internal/importer) reads it back, so neither reaches into the other.
package workbook

// Custom document properties of a workbook that the import reads back.
const (
	PropRegister = "smsgen_register"           // the register of a single-register workbook
	PropMaxClass = "smsgen_max_classification" // the --max-classification it was built with
	PropVersion  = "smsgen_version"            // the smsgen that wrote it
)

// KeyName is the prefix of the defined names that tie a column to its field:
// the sheet-scoped name smsgen.KEY refers to the header cell of the column of
// field KEY ('Sheet'!$C$1). Excel and LibreOffice move a name with its cell
// when columns or rows are inserted, deleted or moved, so the import finds
// every field however the sheet was rearranged, and no reader sees the keys.
const KeyName = "smsgen."

// MaxCellChars is Excel's limit of characters (UTF-16 units) in a cell.
const MaxCellChars = 32767
