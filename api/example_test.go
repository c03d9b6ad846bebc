package api_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"

	"tweakdash/api"
	"tweakdash/api/apitest"
	"tweakdash/model"
)

// A client against the sandbox: list, create, and unpack a validation error
// into messages by field.
func Example() {
	sandbox := apitest.New(apitest.Options{APIKey: "demo-key"})
	cfg := sandbox.AddConfig(apitest.ConfigSpec{Name: "Main"})
	srv := httptest.NewServer(sandbox)
	defer srv.Close()

	c, err := api.NewClient(srv.URL, "demo-key")
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	configs, res, err := c.ListConfigs(ctx)
	if err != nil {
		panic(err)
	}
	fmt.Println(configs.Configurations[0].Name, res.StatusCode)

	_, _, err = c.CreateServer(ctx, cfg, model.Server{Name: "Edge", TunnelType: model.SSH})
	var apiErr *api.Error
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.Status, apiErr.FieldErrors()["ip_port_user_pass"])
	}
	// Output:
	// Main 200
	// 422 [The ip port user pass field is required.]
}
