package utectest

import "encoding/json"

// userGet answers Uhome.User/Get with the fake account's user.
func (s *Server) userGet(call actionCall) any {
	user := map[string]string{"id": UserID}
	if call.quirks.FirstNameSnake {
		user["first_name"], user["last_name"] = UserFirstName, UserLastName
	} else {
		user["firstName"], user["lastName"] = UserFirstName, UserLastName
	}
	return map[string]any{"user": user}
}

// userLogout answers Uhome.User/Logout: the access token used stops
// working (the refresh token does not).
func (s *Server) userLogout(call actionCall) any {
	delete(s.tokens.access, call.token)
	s.log.Info("utectest: logged out")
	return []any{}
}

// configureSet answers Uhome.Configure/Set by remembering the webhook URL.
// Nothing is ever delivered to it.
func (s *Server) configureSet(call actionCall) any {
	var p struct {
		Configure struct {
			Notification *struct {
				AccessToken string `json:"access_token"`
				URL         string `json:"url"`
			} `json:"notification"`
		} `json:"configure"`
	}
	if json.Unmarshal(call.payload, &p) != nil || p.Configure.Notification == nil || p.Configure.Notification.URL == "" {
		return badRequest("configure.notification.url is required")
	}
	s.notifications = append(s.notifications, p.Configure.Notification.URL)
	return []any{}
}
