from __future__ import annotations

from pydantic import BaseModel, Field

from api.schemas.base import Public


class SignInProviderPublic(Public):
    provider: str = Field(description="Shown on the button: Sign in with <provider>")
    authorization_endpoint: str
    client_id: str
    scope: str


class AuthConfigPublic(Public):
    api_keys: bool = Field(description="API keys are always accepted")
    tokens: bool = Field(description="Bearer JWTs from the configured identity provider")
    sign_in: SignInProviderPublic | None = Field(
        description="The web app's authorization-code sign-in, when a client id is configured"
    )


class TokenExchangeRequest(BaseModel):
    code: str = Field(min_length=1, max_length=4096)
    code_verifier: str = Field(
        min_length=43, max_length=128, pattern=r"^[A-Za-z0-9._~-]+$", description="PKCE (RFC 7636)"
    )
    redirect_uri: str = Field(min_length=1, max_length=2048)


class TokenPublic(Public):
    access_token: str
    token_type: str = "Bearer"
