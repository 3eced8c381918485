/** `GET /rest/v1/me`: no input; the token says who. */
export const Me = {};
