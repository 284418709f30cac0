"""The gateway's error codes with their zh-CN / en titles, and its uniqueness rules."""

from __future__ import annotations

from services.common.errors import ErrorCode, UniqueRules


class GatewayCode(ErrorCode):
    """Codes only the gateway raises (the kernel's are in ``KernelCode``)."""

    WEBHOOK_URL_INVALID = "webhook_url_invalid", "回调地址无效", "Webhook URL invalid"
    WEBHOOK_URL_FORBIDDEN = (
        "webhook_url_forbidden",
        "回调地址指向非公网地址",
        "Webhook URL resolves to a non-public address",
    )
    WEBHOOK_NOT_FOUND = "webhook_not_found", "订阅不存在", "Webhook subscription not found"

    INVALID_CREDENTIALS = "invalid_credentials", "用户名或密码错误", "Invalid username or password"
    TOKEN_INVALID = "token_invalid", "令牌无效或已过期", "Token invalid or expired"
    API_KEY_INVALID = (
        "api_key_invalid",
        "API 密钥无效、已过期或已吊销",
        "API key invalid, expired or revoked",
    )
    API_KEY_REVOKED = "api_key_revoked", "API 密钥已吊销", "API key revoked"
    API_KEY_NOT_FOUND = "api_key_not_found", "API 密钥不存在", "API key not found"
    USER_NOT_FOUND = "user_not_found", "用户不存在", "User not found"
    USERNAME_TAKEN = "username_taken", "用户名已被占用", "Username already taken"
    BINDING_REQUIRED = (
        "binding_required",
        "角色需要绑定组织或社区",
        "Role requires an organization or community",
    )
    SCOPE_UNKNOWN = "scope_unknown", "未知的权限范围", "Unknown scope"
    # The same codes as the Registry's, with the same titles: a code means one thing everywhere.
    ORG_UNKNOWN = "org_unknown", "社会组织不存在", "Unknown organization"
    COMMUNITY_UNKNOWN = "community_unknown", "社区或村不存在", "Unknown community"
    LOGIN_THROTTLED = "login_throttled", "登录失败次数过多，请稍后再试", "Too many failed logins"
    HEADER_TOO_LARGE = (
        "header_too_large",
        "请求头过大",
        "Request header fields too large",
    )
    URI_TOO_LONG = "uri_too_long", "请求地址过长", "Request target too long"
    DUPLICATE_KEY = "duplicate_key", "JSON 对象中有重复的键", "Duplicate key in a JSON object"
    BODY_TIMEOUT = "body_timeout", "请求体未按时送达", "Request body not received in time"
    REFRESH_TOKEN_REUSED = (
        "refresh_token_reused",
        "刷新令牌已被使用，该登录会话已全部注销",
        "Refresh token reused; the session family was revoked",
    )


def unique_rules() -> UniqueRules:
    """The gateway's unique constraints and the 409 each answers with."""
    from gateway.db.models import Base

    return UniqueRules({"uq_users_username_key": GatewayCode.USERNAME_TAKEN}, Base.metadata)
