"""Drive Swagger UI at /docs in a real browser: authorize with a token, then with an API key,
and "Try it out" on a proxied call. A manual check (needs Chromium and playwright, which the
test suite does not install):

    apt-get install chromium && .venv/bin/pip install playwright
    .venv/bin/python tools/docs_check.py http://127.0.0.1:8000 admin <password>
"""

from __future__ import annotations

import sys

import httpx
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def try_call(page, scheme: str, secret: str) -> str:  # type: ignore[no-untyped-def]
    page.goto(page.url.split("#")[0])
    page.get_by_role("button", name="Authorize").first.click()
    dialog = page.locator(".modal-ux")
    block = dialog.locator(".auth-container").filter(has_text=scheme)
    block.locator("input").first.fill(secret)
    block.locator("button.authorize").click()
    dialog.locator("button.btn-done").first.click()
    operation = page.locator("#operations-registry-get_region_v1_regions__code__get")
    operation.locator(".opblock-summary").click()
    try_it = operation.get_by_role("button", name="Try it out")
    if try_it.count():  # /docs opens operations ready to try (tryItOutEnabled)
        try_it.click()
    operation.locator("input[placeholder='code']").fill("330203")
    operation.get_by_role("button", name="Execute").click()
    status = operation.locator(".live-responses-table tr.response .response-col_status").first
    status.wait_for(timeout=10000)
    return status.inner_text().strip()


def main(base: str, username: str, password: str) -> int:
    token = httpx.post(
        f"{base}/v1/auth/token", json={"username": username, "password": password}
    ).json()["access_token"]
    key = httpx.post(
        f"{base}/v1/api-keys",
        headers={"Authorization": f"Bearer {token}"},
        json={"name": "docs check", "scopes": ["registry:read"], "rate_limit_per_minute": 60},
    ).json()["key"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.goto(f"{base}/docs")
        page.wait_for_selector(".opblock-tag")
        results = {
            "bearer": try_call(page, "bearerAuth", token),
            "api key": try_call(page, "apiKeyAuth", key),
        }
        page.screenshot(path="/tmp/docs-try-it-out.png", full_page=False)
        browser.close()
    print(results)
    return 0 if set(results.values()) == {"200"} else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
