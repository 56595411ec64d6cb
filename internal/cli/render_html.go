package cli

import "github.com/smsgen/smsgen/internal/render/html"

func init() { renderers["html"] = html.Renderer{} }
