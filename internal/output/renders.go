package output

// running is what the renderers of one build know of each other: which of
// them run, and when each is done (see Context.Renders, Context.Await).
type running struct {
	done map[string]chan struct{} // closed when the renderer returned
}

func newRunning(names []string) *running {
	r := &running{done: map[string]chan struct{}{}}
	for _, n := range names {
		r.done[n] = make(chan struct{})
	}
	return r
}

// finish marks the renderer name done, whether it succeeded or not (Run
// calls it once per renderer).
func (r *running) finish(name string) { close(r.done[name]) }

// Renders tells whether the renderer name runs in this build, so that a
// renderer can link to the files another writes (the site links the PDFs
// and workbooks). A context that Run did not start runs no other renderer.
func (c *Context) Renders(name string) bool {
	if c.running == nil {
		return false
	}
	_, ok := c.running.done[name]
	return ok
}

// Await waits until the renderer name of this build has finished (at once
// when it does not run), so that a renderer can take in the files another
// wrote (site.zip holds the PDFs and workbooks). Only the HTML renderer
// awaits others, and nothing awaits it, so no two renderers wait on each
// other.
func (c *Context) Await(name string) {
	if c.running == nil {
		return
	}
	if ch, ok := c.running.done[name]; ok {
		<-ch
	}
}
