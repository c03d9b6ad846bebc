package apitest

import (
	"math/rand/v2"
	"net/http"

	"tweakdash/model"
)

func passwordObj(p *passwordRecord) obj {
	return obj{{"id", p.id}, {"password", p.password}, {"type", p.typ}, {"note", strPtr(p.note)},
		{"is_active", p.active}, {"delete_after_used", p.deleteAfterUsed},
		{"used_device_id", strPtr(p.usedDeviceID)}, {"used_at", stampPtr(p.usedAt)},
		{"created_at", stamp(p.created)}, {"updated_at", stamp(p.updated)}}
}

func listPasswords(cfg *config) reply {
	list := make([]obj, 0, len(cfg.passwords))
	for _, p := range cfg.passwords {
		list = append(list, passwordObj(p))
	}
	return ok(accessBody(cfg, "Passwords listed", "passwords", list, -1))
}

// passwordAlphabet leaves out look-alike characters (0/O, 1/l/I): generated
// passwords are read off screens and typed into phones.
const passwordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"

// generatePassword makes a 10-character password from rng. The sandbox's
// passwords are sample data: they repeat from run to run on purpose.
func generatePassword(rng *rand.Rand) string {
	b := make([]byte, 10)
	for i := range b {
		b[i] = passwordAlphabet[rng.IntN(len(passwordAlphabet))]
	}
	return string(b)
}

// createPasswords adds the given password, or count generated ones when
// generate_multiple is true.
func (s *Server) createPasswords(c *call, cfg *config) reply {
	var fe fieldErrors
	addModelErrors(&fe, "", model.PasswordResource, model.Validate(model.PasswordResource, c.in, model.Create))
	if !fe.empty() {
		return fe.reply()
	}
	generate := createdBool(c.in, "generate_multiple", false)
	n := 1
	if v := normalize("count", c.in["count"]); generate && v != nil {
		count, _ := model.AsInt(v)
		n = int(count)
	}
	if msg := s.st.passwordLimit(cfg, n); msg != "" {
		return refusal(http.StatusUnprocessableEntity, msg)
	}
	typ := normalize("type", c.in["type"]).(string)
	note := noteOf(c.in)
	active := createdBool(c.in, "is_active", true)
	once := createdBool(c.in, "delete_after_used", false)
	list := make([]obj, 0, n)
	for range n {
		pw, _ := c.in["password"].(string)
		if generate {
			pw = generatePassword(s.rng)
		}
		s.st.lastID.password++
		p := &passwordRecord{id: s.st.lastID.password, password: pw, typ: typ, note: note,
			active: active, deleteAfterUsed: once, created: c.now, updated: c.now}
		cfg.passwords = append(cfg.passwords, p)
		list = append(list, passwordObj(p))
	}
	return created(accessBody(cfg, addedMessage(n, "Password", "passwords", "added"), "passwords", list, n))
}

func findPassword(cfg *config, id string) (int, *passwordRecord) {
	n := recordID(id)
	for i, p := range cfg.passwords {
		if p.id == n {
			return i, p
		}
	}
	return -1, nil
}

// updatePassword changes one record: omitted fields keep their value, null
// clears. Changing the type to reusable turns delete_after_used off unless
// the body sets it (and then it is refused), since the form hides it.
func (s *Server) updatePassword(c *call, cfg *config, id string) reply {
	_, p := findPassword(cfg, id)
	if p == nil {
		return missingRecord("password")
	}
	v := tableValues(model.PasswordResource, c.in, model.Values{"type": p.typ, "password": p.password,
		"note": strPtr(p.note), "is_active": p.active, "delete_after_used": p.deleteAfterUsed})
	if _, sent := c.in["delete_after_used"]; !sent && normalize("type", v["type"]) != model.OneTime {
		v["delete_after_used"] = false
	}
	var fe fieldErrors
	addModelErrors(&fe, "", model.PasswordResource, model.Validate(model.PasswordResource, v, model.Update))
	if !fe.empty() {
		return fe.reply()
	}
	p.password, _ = v["password"].(string)
	p.typ = normalize("type", v["type"]).(string)
	p.note = updatedNote(c.in, p.note)
	p.active = updatedBool(c.in, "is_active", p.active)
	p.deleteAfterUsed, _ = model.AsBool(normalize("delete_after_used", v["delete_after_used"]))
	p.updated = c.now
	return ok(accessBody(cfg, "Password updated.", "passwords", []obj{passwordObj(p)}, -1))
}

func (s *Server) deletePassword(cfg *config, id string) reply {
	i, p := findPassword(cfg, id)
	if p == nil {
		return missingRecord("password")
	}
	cfg.passwords = append(cfg.passwords[:i:i], cfg.passwords[i+1:]...)
	return ok(accessBody(cfg, "Password deleted.", "passwords", []obj{passwordObj(p)}, -1))
}
