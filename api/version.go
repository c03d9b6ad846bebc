package api

// Version is this program's version, sent in the default User-Agent
// (tweakdash/<Version>). The build sets it with
// -ldflags "-X tweakdash/api.Version=v1.2.3".
var Version = "dev"
