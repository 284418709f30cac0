// Generated from the Wushe gateway's merged /openapi.json by `npm run generate`. Do not edit:
// regenerate instead (the staleness test fails when this file and the API differ).

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 进程存活 / process alive
         * @description Liveness of the gateway process.
         */
        get: operations["healthz_healthz_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus 指标（仅运维）/ metrics (operators)
         * @description Requests, latency histograms per route, service and status; upstream errors.
         *
         *     Operators only (a bearer token of an operator, or an API key with the `admin` scope): the
         *     routes, volumes and error rates map the system for an attacker.
         */
        get: operations["metrics_metrics_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 就绪检查（含各服务及数据库）/ readiness per service
         * @description The gateway and each service with its database; 503 unless all are ready.
         *
         *     Anyone (a load balancer, `wushe up`) gets `{"status": ...}`; operators also get each
         *     service's state, database backend and errors, which tell an outsider too much.
         */
        get: operations["readyz_readyz_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 账户列表 / List accounts
         * @description Accounts of a fund or of an asset, ordered by code.
         *
         *     **所需权限 / requires:** 权限范围 scope `funds:read`
         */
        get: operations["list_accounts_v1_accounts_get"];
        put?: never;
        /**
         * 开设账户 / Open an account
         * @description Open a ledger account (funds open theirs when they are created).
         *
         *     **所需权限 / requires:** 权限范围 scope `funds:write`
         */
        post: operations["create_account_v1_accounts_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{account_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 账户与余额 / Get an account
         * @description The account and its balance now, or as of ``as_of`` (from the journal).
         *
         *     **所需权限 / requires:** 权限范围 scope `funds:read`
         */
        get: operations["get_account_v1_accounts__account_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * API 密钥列表 / list keys
         * @description Keys, oldest first, never with their secrets.
         *
         *     **所需权限 / requires:** 权限范围 scope `admin` 或 / or 角色 roles `operator`
         */
        get: operations["list_api_keys_v1_api_keys_get"];
        put?: never;
        /**
         * 新建 API 密钥 / create
         * @description Create a key; the secret `key` is in this response only and stored only as a hash.
         *
         *     A key created with an `admin` key belongs to it: revoking the creating key revokes it too,
         *     and it never outlives the creating key's expiry.
         *
         *     **所需权限 / requires:** 权限范围 scope `admin` 或 / or 角色 roles `operator`
         */
        post: operations["create_api_key_v1_api_keys_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys/{key_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 查看 API 密钥 / get a key
         * @description One live key, without its secret; a revoked key is 410 (the list still shows it).
         *
         *     **所需权限 / requires:** 权限范围 scope `admin` 或 / or 角色 roles `operator`
         */
        get: operations["get_api_key_v1_api_keys__key_id__get"];
        put?: never;
        post?: never;
        /**
         * 吊销 API 密钥 / revoke a key
         * @description Revoke a key and every key it created; they stop working at once, on every instance.
         *
         *     **所需权限 / requires:** 权限范围 scope `admin` 或 / or 角色 roles `operator`
         */
        delete: operations["revoke_api_key_v1_api_keys__key_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 注销 / log out
         * @description Revoke the refresh token's whole family.
         */
        post: operations["logout_v1_auth_logout_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 当前调用者 / who am I
         * @description The caller as the gateway identifies it: subject, role, scopes, binding.
         *
         *     **所需权限 / requires:** 任何已认证调用者 / any authenticated caller
         */
        get: operations["get_me_v1_auth_me_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 刷新令牌 / rotate tokens
         * @description Rotate a refresh token; reusing an old one revokes the whole login.
         */
        post: operations["refresh_token_v1_auth_refresh_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 登录获取令牌 / log in
         * @description Exchange a username and password for an access token and a refresh token.
         */
        post: operations["create_token_v1_auth_token_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/collaborations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 协作关系列表 / List collaborations
         * @description Collaborations touching a region subtree, keyset-paginated.
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:read`
         */
        get: operations["list_collaborations_v1_collaborations_get"];
        put?: never;
        /**
         * 新增协作关系 / Add a collaboration
         * @description Record a collaboration between a supporting and a receiving region.
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:write`
         */
        post: operations["create_collaboration_v1_collaborations_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/collaborations/{collaboration_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 协作关系详情 / Get a collaboration
         * @description One collaboration, with its ETag.
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:read`
         */
        get: operations["get_collaboration_v1_collaborations__collaboration_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * 修改协作关系 / Update a collaboration
         * @description Change the name or dates (If-Match required).
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:write`
         */
        patch: operations["update_collaboration_v1_collaborations__collaboration_id__patch"];
        trace?: never;
    };
    "/v1/communities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 社区和村列表 / List communities
         * @description Communities and villages in a region subtree, keyset-paginated.
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:read`
         */
        get: operations["list_communities_v1_communities_get"];
        put?: never;
        /**
         * 新增社区或村 / Add a community
         * @description Add a community or village under an existing region.
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:write`
         */
        post: operations["create_community_v1_communities_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/communities/{community_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 社区详情 / Get a community
         * @description One community or village, with its ETag.
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:read`
         */
        get: operations["get_community_v1_communities__community_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * 修改社区 / Update a community
         * @description Change fields (If-Match required); a community admin edits only its own.
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:write`
         */
        patch: operations["update_community_v1_communities__community_id__patch"];
        trace?: never;
    };
    "/v1/donations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 捐赠列表 / List donations
         * @description Received donations, oldest first; anonymous donors are ``匿名`` without ``pii:read``.
         *
         *     **所需权限 / requires:** 权限范围 scope `funds:read`
         */
        get: operations["list_donations_v1_donations_get"];
        put?: never;
        /**
         * 接收捐赠 / Receive a donation
         * @description Book the donation into the fund and give it the fund's next receipt number of the year.
         *
         *     **所需权限 / requires:** 权限范围 scope `funds:write`
         */
        post: operations["create_donation_v1_donations_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/donations/{donation_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 捐赠详情 / Get a donation
         * @description One donation with its receipt number.
         *
         *     **所需权限 / requires:** 权限范围 scope `funds:read`
         */
        get: operations["get_donation_v1_donations__donation_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/funds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * funds 事件流 / Change feed
         * @description Events after ``after``, oldest first; ``wait`` holds the request until one commits.
         *
         *     **所需权限 / requires:** 权限范围 scope `funds:read`
         */
        get: operations["read_events_v1_events_funds_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/matching": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * matching 事件流 / Change feed
         * @description Events after ``after``, oldest first; ``wait`` holds the request until one commits.
         *
         *     **所需权限 / requires:** 权限范围 scope `matching:read`
         */
        get: operations["read_events_v1_events_matching_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/registry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * registry 事件流 / Change feed
         * @description Events after ``after``, oldest first; ``wait`` holds the request until one commits.
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:read`
         */
        get: operations["read_events_v1_events_registry_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/funds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 基金列表 / List funds
         * @description Funds, oldest first, by kind or host.
         *
         *     **所需权限 / requires:** 权限范围 scope `funds:read`
         */
        get: operations["list_funds_v1_funds_get"];
        put?: never;
        /**
         * 设立基金 / Create a fund
         * @description Create a fund after the Registry confirms its host; its ledger accounts open with it.
         *
         *     **所需权限 / requires:** 权限范围 scope `funds:write`
         */
        post: operations["create_fund_v1_funds_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/funds/{fund_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 基金详情 / Get a fund
         * @description One fund with its accounts, and its ETag (for ``PATCH .../time-bank-policy``).
         *
         *     **所需权限 / requires:** 权限范围 scope `funds:read`
         */
        get: operations["get_fund_detail_v1_funds__fund_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/funds/{fund_id}/statement": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 基金报表 / Statement of a fund
         * @description Opening balance, inflows and outflows by kind, closing balance, per asset; they reconcile.
         *
         *     **所需权限 / requires:** 权限范围 scope `funds:read`
         */
        get: operations["get_statement_v1_funds__fund_id__statement_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/funds/{fund_id}/time-bank-policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * 修改时间银行上限 / Update a time bank's caps
         * @description Change the daily and lifetime earning caps (``null``: no cap); operators and officers,
         *     with ``If-Match`` from ``GET /v1/funds/{id}``. Earnings already credited stay.
         *
         *     **所需权限 / requires:** 角色 roles `officer`, `operator`
         */
        patch: operations["update_time_bank_policy_v1_funds__fund_id__time_bank_policy_patch"];
        trace?: never;
    };
    "/v1/grants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 资助列表 / List grants
         * @description Grants, oldest first.
         *
         *     **所需权限 / requires:** 权限范围 scope `funds:read`
         */
        get: operations["list_grants_v1_grants_get"];
        put?: never;
        /**
         * 申请资助 / Submit a grant
         * @description Submit a grant; the grantee's standing is checked in the Registry (503 if it is down).
         *
         *     **所需权限 / requires:** 权限范围 scope `funds:write`
         */
        post: operations["create_grant_v1_grants_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/grants/{grant_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 资助详情 / Get a grant
         * @description One grant with its approvers and what was disbursed.
         *
         *     **所需权限 / requires:** 权限范围 scope `funds:read`
         */
        get: operations["get_grant_detail_v1_grants__grant_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/grants/{grant_id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 审批资助 / Approve a grant
         * @description Approve (not the submitter); the approval reaching the fund's count reserves the money.
         *
         *     **所需权限 / requires:** 权限范围 scope `funds:write`
         */
        post: operations["approve_grant_v1_grants__grant_id__approve_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/grants/{grant_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 取消资助 / Cancel a grant
         * @description Cancel a grant not yet completed; what is left of its reservation is released.
         *
         *     **所需权限 / requires:** 权限范围 scope `funds:write`
         */
        post: operations["cancel_grant_v1_grants__grant_id__cancel_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/grants/{grant_id}/disbursements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 拨付资助 / Disburse part of a grant
         * @description Post ``amount`` of the reservation to the grantee (never more than is left).
         *
         *     **所需权限 / requires:** 权限范围 scope `funds:write`
         */
        post: operations["create_disbursement_v1_grants__grant_id__disbursements_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/grants/{grant_id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 驳回资助 / Reject a grant
         * @description Reject a submitted grant.
         *
         *     **所需权限 / requires:** 权限范围 scope `funds:write`
         */
        post: operations["reject_grant_v1_grants__grant_id__reject_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ledger/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 账本校验 / Verify the ledger
         * @description Recompute the hash chain and every balance from the journal; name the first mismatch.
         *
         *     **所需权限 / requires:** 权限范围 scope `funds:read`
         */
        get: operations["verify_ledger_v1_ledger_verify_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/matches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 对接列表 / List matches
         * @description Matches, oldest first; a community admin sees its community's, an org admin its
         *     organization's. Contact details appear once both sides have accepted.
         *
         *     **所需权限 / requires:** 权限范围 scope `matching:read`
         */
        get: operations["list_matches_v1_matches_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/matches/{match_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 对接详情 / Get a match
         * @description One match with its ETag; both sides' contacts once both have accepted.
         *
         *     **所需权限 / requires:** 权限范围 scope `matching:read`
         */
        get: operations["get_match_v1_matches__match_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/matches/{match_id}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 接受对接 / Accept a match
         * @description One side accepts (a community admin the need side of its community's need, an org admin
         *     the offer side of its organization's offer). The second acceptance reserves the offer's
         *     capacity: 409 ``capacity_exhausted`` when another match took it first. A repeat changes
         *     nothing.
         *
         *     **所需权限 / requires:** 权限范围 scope `matching:write`
         */
        post: operations["accept_match_v1_matches__match_id__accept_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/matches/{match_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 取消对接 / Cancel a match
         * @description Call off a match that has not completed; reserved capacity goes back.
         *
         *     **所需权限 / requires:** 权限范围 scope `matching:write`
         */
        post: operations["cancel_match_v1_matches__match_id__cancel_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/matches/{match_id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 完成服务 / Complete a match
         * @description Service is done; the need is fulfilled once completed matches cover its quantity.
         *
         *     **所需权限 / requires:** 权限范围 scope `matching:write`
         */
        post: operations["complete_match_v1_matches__match_id__complete_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/matches/{match_id}/decline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 拒绝对接 / Decline a match
         * @description One side declines a proposed or accepted match; reserved capacity goes back.
         *
         *     **所需权限 / requires:** 权限范围 scope `matching:write`
         */
        post: operations["decline_match_v1_matches__match_id__decline_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/matches/{match_id}/feedback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 对接评价 / A match's feedback
         * @description The feedback given on a match (at most one per side; never a next page).
         *
         *     **所需权限 / requires:** 权限范围 scope `matching:read`
         */
        get: operations["list_feedback_v1_matches__match_id__feedback_get"];
        put?: never;
        /**
         * 评价对接 / Give feedback
         * @description One side's 1-5 feedback, once per side. The need side's on an organization's offer
         *     becomes the organization's rating in the Registry (through the outbox).
         *
         *     **所需权限 / requires:** 权限范围 scope `matching:write`
         */
        post: operations["create_feedback_v1_matches__match_id__feedback_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/matches/{match_id}/service-records": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 服务记录 / A match's service records
         * @description A match's service records, oldest first.
         *
         *     **所需权限 / requires:** 权限范围 scope `matching:read`
         */
        get: operations["list_service_records_v1_matches__match_id__service_records_get"];
        put?: never;
        /**
         * 记录服务 / Record service
         * @description A volunteer-service record of a match in service or completed. Each volunteer's minutes
         *     are credited to the Funds time bank through the outbox: accepted even while Funds is down,
         *     credited exactly once when it is back.
         *
         *     **所需权限 / requires:** 权限范围 scope `matching:write`
         */
        post: operations["create_service_record_v1_matches__match_id__service_records_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/matches/{match_id}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 开始服务 / Start service
         * @description Service begins once both sides have accepted. A funds match names the grantee and
         *     becomes a grant application in Funds (amount = quantity yuan × 100 fen), sent through
         *     the outbox; ``grant_id`` stays empty (see docs/decisions.md).
         *
         *     **所需权限 / requires:** 权限范围 scope `matching:write`
         */
        post: operations["start_match_v1_matches__match_id__start_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/needs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 需求列表 / List needs
         * @description Needs by community, region subtree, status, domain and triage, oldest first.
         *
         *     **所需权限 / requires:** 权限范围 scope `matching:read`
         */
        get: operations["list_needs_v1_needs_get"];
        put?: never;
        /**
         * 发布需求 / Post a need
         * @description Post a need for a community and triage it: minor → open, major → referred (with a
         *     referral record), private → closed with advice. A community admin posts only for its own.
         *
         *     **所需权限 / requires:** 权限范围 scope `matching:write`
         */
        post: operations["create_need_v1_needs_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/needs/{need_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 需求详情 / Get a need
         * @description One need, with its ETag.
         *
         *     **所需权限 / requires:** 权限范围 scope `matching:read`
         */
        get: operations["get_need_v1_needs__need_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * 修改需求 / Update a need
         * @description Change an open need (If-Match required); a community admin changes only its own.
         *
         *     **所需权限 / requires:** 权限范围 scope `matching:write`
         */
        patch: operations["update_need_v1_needs__need_id__patch"];
        trace?: never;
    };
    "/v1/needs/{need_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 取消需求 / Cancel a need
         * @description Cancel an open need.
         *
         *     **所需权限 / requires:** 权限范围 scope `matching:write`
         */
        post: operations["cancel_need_v1_needs__need_id__cancel_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/needs/{need_id}/candidates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 候选资源 / Candidate offers for a need
         * @description 按得分从高到低列出可服务该需求的资源。得分为各部分之和（整数分）/ the score is the sum of its parts (integer points): domain 领域匹配 300, region 服务区域覆盖 200, collaboration 东西部协作 150, pairing 结对帮扶 150, grade 评估等级 ≤50, rating 居民评价 ≤50, window 时间重叠 ≤50, capacity 剩余容量 ≤25, urgency 紧急程度 ≤25 (defaults; configurable, see scoring.Weights)
         *
         *     **所需权限 / requires:** 权限范围 scope `matching:read`
         */
        get: operations["list_candidates_v1_needs__need_id__candidates_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/needs/referrals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 转介记录 / List referrals of major needs
         * @description Major needs (大事) referred to government departments, for partner systems.
         *
         *     **所需权限 / requires:** 权限范围 scope `matching:read`
         */
        get: operations["list_referrals_v1_needs_referrals_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/offers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 资源列表 / List offers
         * @description Offers by provider, status, kind, domain and served region, oldest first.
         *
         *     **所需权限 / requires:** 权限范围 scope `matching:read`
         */
        get: operations["list_offers_v1_offers_get"];
        put?: never;
        /**
         * 提供资源 / Offer a resource
         * @description Offer capacity; an organization must be active and not on the dishonest list, and an
         *     org admin offers only for its own organization.
         *
         *     **所需权限 / requires:** 权限范围 scope `matching:write`
         */
        post: operations["create_offer_v1_offers_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/offers/{offer_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 资源详情 / Get an offer
         * @description One offer, with its ETag.
         *
         *     **所需权限 / requires:** 权限范围 scope `matching:read`
         */
        get: operations["get_offer_v1_offers__offer_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * 修改资源 / Update an offer
         * @description Change an offer that is not withdrawn (If-Match required; capacity is fixed).
         *
         *     **所需权限 / requires:** 权限范围 scope `matching:write`
         */
        patch: operations["update_offer_v1_offers__offer_id__patch"];
        trace?: never;
    };
    "/v1/offers/{offer_id}/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 撤回资源 / Withdraw an offer
         * @description Withdraw an offer: it is proposed no more; accepted matches keep their capacity.
         *
         *     **所需权限 / requires:** 权限范围 scope `matching:write`
         */
        post: operations["withdraw_offer_v1_offers__offer_id__withdraw_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 查询社会组织 / Search organizations
         * @description Search the roster: name substring and every filter together, keyset-paginated.
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:read`
         */
        get: operations["list_organizations_v1_organizations_get"];
        put?: never;
        /**
         * 登记或备案社会组织 / Add an organization
         * @description Register (with a credit code) or file (with a filing number) an organization.
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:write`
         */
        post: operations["create_organization_v1_organizations_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{org_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 社会组织详情 / Get an organization
         * @description One organization, with its ETag.
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:read`
         */
        get: operations["get_organization_v1_organizations__org_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * 修改社会组织 / Update an organization
         * @description Change fields (If-Match required); a status change must follow the lifecycle.
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:write`
         */
        patch: operations["update_organization_v1_organizations__org_id__patch"];
        trace?: never;
    };
    "/v1/organizations/{org_id}/ratings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 评价社会组织 / Rate an organization
         * @description Add a 1-5 rating; a repeat from the same source_match_id returns the first one (200).
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:write` 或 / or 角色 roles `resident`
         */
        post: operations["create_rating_v1_organizations__org_id__ratings_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/{org_id}/standing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 组织资格 / Organization standing
         * @description Whether the organization may take on work or receive grants now, and why not.
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:read`
         */
        get: operations["get_organization_standing_v1_organizations__org_id__standing_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 导出名册 / Export the roster
         * @description The roster (filtered like the list) as CSV (streamed) or XLSX; phones masked without pii.
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:read`
         */
        get: operations["export_organizations_v1_organizations_export_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organizations/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 导入名册 / Import a roster
         * @description Upsert organizations by credit code or filing number; bad rows are reported, not fatal.
         *
         *     All or nothing beyond the rows: a file over the limits (``WUSHE_IMPORT_*``), with too many
         *     bad rows, or still running at the deadline is refused and nothing of it is written.
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:write`
         */
        post: operations["import_organizations_v1_organizations_import_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/outbox/funds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * funds 发件箱 / Outbox messages
         * @description Messages to other services by status (``dead``: given up after retries).
         *
         *     **所需权限 / requires:** 权限范围 scope `admin` 或 / or 角色 roles `operator`
         */
        get: operations["list_outbox_v1_outbox_funds_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/outbox/funds/{message_id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * funds 重新投递 / Retry a dead message
         * @description Put a dead message back in line for delivery.
         *
         *     **所需权限 / requires:** 权限范围 scope `admin` 或 / or 角色 roles `operator`
         */
        post: operations["retry_outbox_message_v1_outbox_funds__message_id__retry_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/outbox/matching": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * matching 发件箱 / Outbox messages
         * @description Messages to other services by status (``dead``: given up after retries).
         *
         *     **所需权限 / requires:** 权限范围 scope `admin` 或 / or 角色 roles `operator`
         */
        get: operations["list_outbox_v1_outbox_matching_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/outbox/matching/{message_id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * matching 重新投递 / Retry a dead message
         * @description Put a dead message back in line for delivery.
         *
         *     **所需权限 / requires:** 权限范围 scope `admin` 或 / or 角色 roles `operator`
         */
        post: operations["retry_outbox_message_v1_outbox_matching__message_id__retry_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/outbox/registry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * registry 发件箱 / Outbox messages
         * @description Messages to other services by status (``dead``: given up after retries).
         *
         *     **所需权限 / requires:** 权限范围 scope `admin` 或 / or 角色 roles `operator`
         */
        get: operations["list_outbox_v1_outbox_registry_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/outbox/registry/{message_id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * registry 重新投递 / Retry a dead message
         * @description Put a dead message back in line for delivery.
         *
         *     **所需权限 / requires:** 权限范围 scope `admin` 或 / or 角色 roles `operator`
         */
        post: operations["retry_outbox_message_v1_outbox_registry__message_id__retry_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/pairings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 结对列表 / List pairings
         * @description Pairings by organization, community, collaboration, status or day (history included).
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:read`
         */
        get: operations["list_pairings_v1_pairings_get"];
        put?: never;
        /**
         * 新增结对 / Add a pairing
         * @description Pair an organization with a community for a period.
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:write`
         */
        post: operations["create_pairing_v1_pairings_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/pairings/{pairing_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 结对详情 / Get a pairing
         * @description One pairing, with its ETag.
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:read`
         */
        get: operations["get_pairing_v1_pairings__pairing_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * 修改或结束结对 / Update or end a pairing
         * @description Change the plan or end date, or set ``status: ended`` (If-Match required).
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:write`
         */
        patch: operations["update_pairing_v1_pairings__pairing_id__patch"];
        trace?: never;
    };
    "/v1/periods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 已封账期间 / Sealed periods
         * @description Every sealed period, newest first.
         *
         *     **所需权限 / requires:** 权限范围 scope `funds:read`
         */
        get: operations["list_periods_v1_periods_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/periods/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 封账 / Seal a period
         * @description Seal the books on and before ``until`` (operators): nothing can be booked there after.
         *
         *     **所需权限 / requires:** 权限范围 scope `admin` 或 / or 角色 roles `operator`
         */
        post: operations["close_period_v1_periods_close_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/public/funds/{fund_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 基金信息公开 / Public disclosure of a fund
         * @description Totals, grants and donations (anonymous donors as ``匿名``); no personal data.
         */
        get: operations["get_public_fund_v1_public_funds__fund_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/regions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 区划列表 / List regions
         * @description Children of a region (provinces when no parent is given), ordered by code.
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:read`
         */
        get: operations["list_regions_v1_regions_get"];
        put?: never;
        /**
         * 新增乡镇或村 / Add a township or village
         * @description Add a township (9 digits) or village (12 digits) under an existing parent.
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:write`
         */
        post: operations["create_region_v1_regions_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/regions/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 区划详情 / Get a region
         * @description One region.
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:read`
         */
        get: operations["get_region_v1_regions__code__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/regions/{code}/ancestors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 区划上级链 / Region ancestry
         * @description The region and each of its ancestors, province first.
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:read`
         */
        get: operations["get_region_ancestry_v1_regions__code__ancestors_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rounds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 分配轮次列表 / List rounds
         * @description Rounds, oldest first.
         *
         *     **所需权限 / requires:** 权限范围 scope `matching:read`
         */
        get: operations["list_rounds_v1_rounds_get"];
        put?: never;
        /**
         * 运行分配轮次 / Run an allocation round
         * @description 在范围内的全部待对接小事需求与可用资源之间求总分最高的分配（最小费用流，精确解），每项分配成为状态为 proposed 的对接；dry_run 只计算。得分为各部分之和（整数分）/ the score is the sum of its parts (integer points): domain 领域匹配 300, region 服务区域覆盖 200, collaboration 东西部协作 150, pairing 结对帮扶 150, grade 评估等级 ≤50, rating 居民评价 ≤50, window 时间重叠 ≤50, capacity 剩余容量 ≤25, urgency 紧急程度 ≤25 (defaults; configurable, see scoring.Weights)
         *
         *     **所需权限 / requires:** 权限范围 scope `admin` 或 / or 角色 roles `officer`, `operator`
         */
        post: operations["create_round_v1_rounds_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rounds/{round_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 分配轮次详情 / Get a round
         * @description One round: what it considered and proposed.
         *
         *     **所需权限 / requires:** 权限范围 scope `matching:read`
         */
        get: operations["get_round_v1_rounds__round_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/social-workers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 社工列表 / List social workers
         * @description Social workers by region subtree, organization, qualification and skill.
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:read`
         */
        get: operations["list_social_workers_v1_social_workers_get"];
        put?: never;
        /**
         * 登记社工 / Add a social worker
         * @description Add a social worker; an org admin only for its own organization.
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:write`
         */
        post: operations["create_social_worker_v1_social_workers_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/social-workers/{worker_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 社工详情 / Get a social worker
         * @description One social worker, with its ETag.
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:read`
         */
        get: operations["get_social_worker_v1_social_workers__worker_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * 修改社工 / Update a social worker
         * @description Change fields (If-Match required).
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:write`
         */
        patch: operations["update_social_worker_v1_social_workers__worker_id__patch"];
        trace?: never;
    };
    "/v1/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 统计 / Figures by region and period
         * @description Needs posted in the period by status, organizations engaged, person-times served and
         *     volunteer minutes, for the region and every region under it (all regions when omitted).
         *
         *     **所需权限 / requires:** 权限范围 scope `matching:read`
         */
        get: operations["get_stats_v1_stats_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/time-bank/{volunteer_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 时间银行账户 / A volunteer's time bank
         * @description A volunteer's balances and history (date, place, content, minutes, who recorded it).
         *
         *     **所需权限 / requires:** 权限范围 scope `funds:read`
         */
        get: operations["get_time_bank_v1_time_bank__volunteer_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/time-bank/{volunteer_id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 导出志愿服务记录 / Export the history (XLSX)
         * @description The volunteer-service record as an XLSX workbook.
         *
         *     **所需权限 / requires:** 权限范围 scope `funds:read`
         */
        get: operations["export_time_bank_v1_time_bank__volunteer_id__export_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/time-bank/earn": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 记录服务时长 / Earn minutes
         * @description Credit a volunteer-service record; a repeat of the same source replays the first (200).
         *
         *     **所需权限 / requires:** 权限范围 scope `funds:write`
         */
        post: operations["earn_minutes_v1_time_bank_earn_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/time-bank/gifts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 转赠亲属 / Give minutes to family
         * @description Give minutes to a family member's time-bank account.
         *
         *     **所需权限 / requires:** 权限范围 scope `funds:write`
         */
        post: operations["gift_minutes_v1_time_bank_gifts_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/time-bank/redeem": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 公益仓兑换 / Redeem minutes
         * @description Exchange minutes for goods at the charity store; never below zero.
         *
         *     **所需权限 / requires:** 权限范围 scope `funds:write`
         */
        post: operations["redeem_minutes_v1_time_bank_redeem_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transfers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 转账列表 / List transfers
         * @description The journal in order, or the entries of one account.
         *
         *     **所需权限 / requires:** 权限范围 scope `funds:read`
         */
        get: operations["list_transfers_v1_transfers_get"];
        put?: never;
        /**
         * 转账 / Create a transfer
         * @description Move ``amount`` from the debit account to the credit account (or reserve it: pending).
         *
         *     **所需权限 / requires:** 权限范围 scope `funds:write`
         */
        post: operations["create_transfer_v1_transfers_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transfers/{transfer_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 转账详情 / Get a transfer
         * @description One journal entry.
         *
         *     **所需权限 / requires:** 权限范围 scope `funds:read`
         */
        get: operations["get_transfer_v1_transfers__transfer_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transfers/{transfer_id}/post": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 入账预留 / Post a reservation
         * @description Post a pending transfer in full, or part of what remains of it.
         *
         *     **所需权限 / requires:** 权限范围 scope `funds:write`
         */
        post: operations["post_transfer_v1_transfers__transfer_id__post_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transfers/{transfer_id}/void": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 撤销预留 / Void a reservation
         * @description Release what remains of a pending transfer.
         *
         *     **所需权限 / requires:** 权限范围 scope `funds:write`
         */
        post: operations["void_transfer_v1_transfers__transfer_id__void_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transfers/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 批量转账 / Up to 8,000 transfers
         * @description Every item gets its own outcome; with ``atomic`` all are applied or none is.
         *
         *     With ``Idempotency-Key``, item ``i`` is idempotent under ``<key>:<i>``: a repeated batch
         *     replays what was applied and applies only what was not.
         *
         *     The change feed tells a batch's transfers in ``transfer.batch`` events, not one
         *     ``transfer.posted``/``transfer.pending`` event each: ``subject`` is ``{kind:
         *     "transfer_batch", id: <batch id>}`` and ``data`` is ``{batch_id, part, parts, count,
         *     transfers}``, ``transfers`` holding up to 1,000 applied transfers in journal order, each
         *     exactly as ``GET /v1/transfers/{id}`` gives it (``action`` and ``pending`` tell posted from
         *     reserved). A batch of more than 1,000 is told in ``parts`` events numbered ``part`` 1, 2, ...
         *     Replayed and refused items are not told again.
         *
         *     **所需权限 / requires:** 权限范围 scope `funds:write`
         */
        post: operations["create_transfers_v1_transfers_batch_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 用户列表 / list users
         * @description Users, oldest first, keyset-paginated.
         *
         *     **所需权限 / requires:** 权限范围 scope `admin` 或 / or 角色 roles `operator`
         */
        get: operations["list_users_v1_users_get"];
        put?: never;
        /**
         * 新建用户 / create a user
         * @description Create a user with a role, bound to an organization or community where the role says so.
         *
         *     **所需权限 / requires:** 角色 roles `operator`
         */
        post: operations["create_user_v1_users_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 查看用户 / get a user
         * @description One user.
         *
         *     **所需权限 / requires:** 权限范围 scope `admin` 或 / or 角色 roles `operator`
         */
        get: operations["get_user_v1_users__user_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * 修改用户 / update a user
         * @description Reset a password, (de)activate, rename, or change the role or binding of a user.
         *
         *     A new password, a deactivation and a new role or binding end every session of the user:
         *     refresh tokens stop at once, access tokens at their next request.
         *
         *     **所需权限 / requires:** 角色 roles `operator`
         */
        patch: operations["update_user_v1_users__user_id__patch"];
        trace?: never;
    };
    "/v1/users/{user_id}/lockout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * 解除登录锁定 / clear a login lockout
         * @description Forget the user's failed logins from every address, so that the user can log in again.
         *
         *     **所需权限 / requires:** 角色 roles `operator`
         */
        delete: operations["clear_lockout_v1_users__user_id__lockout_delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/volunteers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 志愿者列表 / List volunteers
         * @description Volunteers by community, team and skill.
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:read`
         */
        get: operations["list_volunteers_v1_volunteers_get"];
        put?: never;
        /**
         * 登记志愿者 / Add a volunteer
         * @description Add a volunteer; a community admin for its community, an org admin for its team.
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:write`
         */
        post: operations["create_volunteer_v1_volunteers_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/volunteers/{volunteer_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 志愿者详情 / Get a volunteer
         * @description One volunteer, with its ETag.
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:read`
         */
        get: operations["get_volunteer_v1_volunteers__volunteer_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * 修改志愿者 / Update a volunteer
         * @description Change fields (If-Match required).
         *
         *     **所需权限 / requires:** 权限范围 scope `registry:write`
         */
        patch: operations["update_volunteer_v1_volunteers__volunteer_id__patch"];
        trace?: never;
    };
    "/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 订阅列表 / List subscriptions
         * @description Every subscription (operators) or the key's own.
         *
         *     **所需权限 / requires:** 权限范围 scope `admin` 或 / or 角色 roles `operator`
         */
        get: operations["list_webhooks_v1_webhooks_get"];
        put?: never;
        /**
         * 订阅事件 / Subscribe
         * @description Subscribe a URL to events; the answer carries the signing secret, this once.
         *
         *     **所需权限 / requires:** 权限范围 scope `admin` 或 / or 角色 roles `operator`
         */
        post: operations["create_webhook_v1_webhooks_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{webhook_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 订阅详情 / Get a subscription
         * @description One subscription, without its secret.
         *
         *     **所需权限 / requires:** 权限范围 scope `admin` 或 / or 角色 roles `operator`
         */
        get: operations["get_webhook_v1_webhooks__webhook_id__get"];
        put?: never;
        post?: never;
        /**
         * 取消订阅 / Delete a subscription
         * @description Stop deliveries and forget the subscription and its log.
         *
         *     **所需权限 / requires:** 权限范围 scope `admin` 或 / or 角色 roles `operator`
         */
        delete: operations["delete_webhook_v1_webhooks__webhook_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{webhook_id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 投递记录 / Delivery log
         * @description What was sent to this subscription, newest last, with each attempt's outcome.
         *
         *     **所需权限 / requires:** 权限范围 scope `admin` 或 / or 角色 roles `operator`
         */
        get: operations["list_deliveries_v1_webhooks__webhook_id__deliveries_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 重新投递 / Redeliver
         * @description Send a delivery again now; re-enables a subscription that was disabled.
         *
         *     **所需权限 / requires:** 权限范围 scope `admin` 或 / or 角色 roles `operator`
         */
        post: operations["retry_delivery_v1_webhooks__webhook_id__deliveries__delivery_id__retry_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * Acceptance
         * @description When each side accepted (``null``: not yet).
         */
        Acceptance: {
            /** Need Accepted At */
            need_accepted_at: string | null;
            /** Offer Accepted At */
            offer_accepted_at: string | null;
        };
        /**
         * AcceptBody
         * @description Which side accepts.
         * @example {
         *       "side": "need"
         *     }
         */
        AcceptBody: {
            /**
             * Side
             * @enum {string}
             */
            side: "need" | "offer";
        };
        /**
         * AccountCreate
         * @description A ledger account.
         */
        AccountCreate: {
            /**
             * Allow Negative
             * @description 可否透支（外部来源账户才允许）/ may go below zero
             * @default false
             */
            allow_negative: boolean;
            /**
             * Asset
             * @enum {string}
             */
            asset: "CNY" | "TIME";
            /**
             * Code
             * @example fund:demo:cash
             */
            code: string;
            /** Fund Id */
            fund_id?: string | null;
            /**
             * Kind
             * @description 用途 / purpose
             * @example cash
             */
            kind: string;
        };
        /**
         * AccountRead
         * @description A ledger account with its balance (now, or ``as_of``).
         */
        AccountRead: {
            /** Allow Negative */
            allow_negative: boolean;
            /** As Of */
            as_of?: string | null;
            /**
             * Asset
             * @enum {string}
             */
            asset: "CNY" | "TIME";
            balance: components["schemas"]["Balance"];
            /** Code */
            code: string;
            /** Fund Id */
            fund_id: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Kind */
            kind: string;
        };
        /**
         * ApiKeyCreate
         * @description 新建 API 密钥 / a new API key.
         */
        ApiKeyCreate: {
            /**
             * Expires At
             * @description RFC 3339, 带时区 / with offset
             */
            expires_at?: string | null;
            /**
             * Name
             * @example 省民政厅数据共享平台
             */
            name: string;
            /**
             * Rate Limit Per Minute
             * @example 600
             */
            rate_limit_per_minute: number;
            /**
             * Scopes
             * @example [
             *       "registry:read"
             *     ]
             */
            scopes: ("registry:read" | "registry:write" | "matching:read" | "matching:write" | "funds:read" | "funds:write" | "pii:read" | "admin")[];
        };
        /**
         * ApiKeyCreated
         * @description 新建的密钥：`key` 仅此一次显示 / the new key; `key` is shown only this once.
         */
        ApiKeyCreated: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Created By Key Id
             * @description 创建它的密钥；该密钥吊销时一并吊销 / the key that created it; revoked with it
             */
            created_by_key_id?: string | null;
            /** Expires At */
            expires_at: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Key */
            key: string;
            /** Last Used At */
            last_used_at: string | null;
            /** Name */
            name: string;
            /** Prefix */
            prefix: string;
            /** Rate Limit Per Minute */
            rate_limit_per_minute: number;
            /** Revoked At */
            revoked_at: string | null;
            /** Scopes */
            scopes: string[];
        };
        /**
         * ApiKeyRead
         * @description API 密钥（不含密钥本身）/ an API key, without its secret.
         */
        ApiKeyRead: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Created By Key Id
             * @description 创建它的密钥；该密钥吊销时一并吊销 / the key that created it; revoked with it
             */
            created_by_key_id?: string | null;
            /** Expires At */
            expires_at: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Last Used At */
            last_used_at: string | null;
            /** Name */
            name: string;
            /** Prefix */
            prefix: string;
            /** Rate Limit Per Minute */
            rate_limit_per_minute: number;
            /** Revoked At */
            revoked_at: string | null;
            /** Scopes */
            scopes: string[];
        };
        /**
         * AssetStatement
         * @description One asset's statement: opening + inflows − outflows = closing.
         */
        AssetStatement: {
            /** Asset */
            asset: string;
            /** Closing */
            closing: number;
            /** Inflows */
            inflows: components["schemas"]["FlowLine"][];
            /** Opening */
            opening: number;
            /** Outflows */
            outflows: components["schemas"]["FlowLine"][];
            /** Total In */
            total_in: number;
            /** Total Out */
            total_out: number;
        };
        /**
         * Balance
         * @description An account's balance: credits minus debits, posted and reserved (pending).
         */
        Balance: {
            /** Pending */
            pending: number;
            /** Posted */
            posted: number;
        };
        /**
         * BatchCreate
         * @description Up to 8,000 transfers; ``atomic``: all succeed or none does.
         * @example {
         *       "atomic": true,
         *       "transfers": [
         *         {
         *           "amount": 500,
         *           "asset": "CNY",
         *           "credit_account_id": "0c9e8d7f-6b5a-4c3d-8e2f-1a0b9c8d7e6f",
         *           "debit_account_id": "5b3f2c1e-8a4d-4f6b-9c2e-1d7a8b9c0e1f"
         *         }
         *       ]
         *     }
         */
        BatchCreate: {
            /**
             * Atomic
             * @default false
             */
            atomic: boolean;
            /** Transfers */
            transfers: components["schemas"]["TransferCreate"][];
        };
        /**
         * BatchItem
         * @description The outcome of one item of a batch.
         */
        BatchItem: {
            /** Error */
            error?: {
                [key: string]: unknown;
            } | null;
            /** Index */
            index: number;
            /** Status */
            status: number;
            transfer?: components["schemas"]["TransferRead"] | null;
        };
        /**
         * BatchResult
         * @description One outcome per item, in order.
         */
        BatchResult: {
            /** Applied */
            applied: number;
            /** Results */
            results: components["schemas"]["BatchItem"][];
        };
        /**
         * Beneficiaries
         * @description Who the need helps.
         */
        Beneficiaries: {
            /**
             * Count
             * @description 受益人数 / number of people
             * @default 0
             */
            count: number;
            /**
             * Groups
             * @description 受益群体，如 低保、特困、空巢老人、留守儿童 / groups, e.g. empty_nest_elderly
             */
            groups?: string[];
        };
        /** Body_import_organizations_v1_organizations_import_post */
        Body_import_organizations_v1_organizations_import_post: {
            /**
             * File
             * @description CSV 或 XLSX 名册 / CSV or XLSX roster
             */
            file: string;
        };
        /**
         * BrokenEntry
         * @description Where the journal and what it should be first disagree.
         */
        BrokenEntry: {
            /** Account Id */
            account_id?: string | null;
            /** Id */
            id?: string | null;
            /** Reason */
            reason: string;
            /** Seq */
            seq?: number | null;
        };
        /**
         * CancelBody
         * @description Why the match is called off (the body may be left out).
         * @example {
         *       "reason": "村里已另行安排"
         *     }
         */
        CancelBody: {
            /** Reason */
            reason?: string | null;
        };
        /**
         * Candidate
         * @description One offer that can serve the need, with its explained score.
         */
        Candidate: {
            /**
             * Offer Id
             * Format: uuid
             */
            offer_id: string;
            /**
             * Parts
             * @description 每部分得分 / points per part
             */
            parts: {
                [key: string]: number;
            };
            provider: components["schemas"]["Provider"];
            /**
             * Reasons
             * @description 每个得分部分的说明 / why each part scored
             */
            reasons: {
                [key: string]: string;
            };
            /** Remaining */
            remaining: number;
            /**
             * Score
             * @description 得分为各部分之和（整数分）/ the score is the sum of its parts (integer points): domain 领域匹配 300, region 服务区域覆盖 200, collaboration 东西部协作 150, pairing 结对帮扶 150, grade 评估等级 ≤50, rating 居民评价 ≤50, window 时间重叠 ≤50, capacity 剩余容量 ≤25, urgency 紧急程度 ≤25 (defaults; configurable, see scoring.Weights)
             */
            score: number;
        };
        /**
         * CandidateList
         * @description The best offers for a need, best first (ties by offer id).
         */
        CandidateList: {
            /** Items */
            items: components["schemas"]["Candidate"][];
        };
        /**
         * CollaborationCreate
         * @description East-west (东西协作), mountain-sea (山海协作) or paired assistance (对口支援).
         * @example {
         *       "kind": "east_west",
         *       "name": "浙川东西部协作",
         *       "receiving_region_code": "510000",
         *       "start_date": "2021-01-01",
         *       "supporting_region_code": "330000"
         *     }
         */
        CollaborationCreate: {
            /** End Date */
            end_date?: string | null;
            /**
             * Kind
             * @enum {string}
             */
            kind: "east_west" | "mountain_sea" | "paired_assistance";
            /** Name */
            name: string;
            /**
             * Receiving Region Code
             * @description 受援方区划 / receiving region
             */
            receiving_region_code: string;
            /**
             * Start Date
             * Format: date
             */
            start_date: string;
            /**
             * Supporting Region Code
             * @description 支援方区划 / supporting region
             */
            supporting_region_code: string;
        };
        /**
         * CollaborationRead
         * @description A collaboration between a supporting and a receiving region.
         */
        CollaborationRead: {
            /** End Date */
            end_date: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Kind
             * @enum {string}
             */
            kind: "east_west" | "mountain_sea" | "paired_assistance";
            /** Name */
            name: string;
            /** Receiving Region Code */
            receiving_region_code: string;
            /**
             * Start Date
             * Format: date
             */
            start_date: string;
            /** Supporting Region Code */
            supporting_region_code: string;
        };
        /**
         * CollaborationUpdate
         * @description Fields a PATCH may change.
         */
        CollaborationUpdate: {
            /** End Date */
            end_date?: string | null;
            /** Name */
            name?: string | null;
            /** Start Date */
            start_date?: string | null;
        };
        /**
         * CommunityCreate
         * @description A community (社区) or a village (村).
         * @example {
         *       "kind": "community",
         *       "name": "海曙区南门街道白云社区",
         *       "population": 5200,
         *       "region_code": "330203001",
         *       "tags": [
         *         "老旧小区"
         *       ]
         *     }
         */
        CommunityCreate: {
            /** Code */
            code?: string | null;
            /**
             * Kind
             * @enum {string}
             */
            kind: "community" | "village";
            /** Name */
            name: string;
            /** Population */
            population?: number | null;
            /**
             * Region Code
             * @description 所在区划（通常为乡镇街道或村）/ region
             */
            region_code: string;
            /** Tags */
            tags?: string[];
        };
        /**
         * CommunityRead
         * @description A community or village.
         */
        CommunityRead: {
            /** Code */
            code: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Kind
             * @enum {string}
             */
            kind: "community" | "village";
            /** Name */
            name: string;
            /** Population */
            population: number | null;
            /** Region Code */
            region_code: string;
            /** Tags */
            tags: string[];
        };
        /**
         * CommunityUpdate
         * @description Fields a PATCH may change.
         */
        CommunityUpdate: {
            /** Code */
            code?: string | null;
            /** Kind */
            kind?: ("community" | "village") | null;
            /** Name */
            name?: string | null;
            /** Population */
            population?: number | null;
            /** Region Code */
            region_code?: string | null;
            /** Tags */
            tags?: string[] | null;
        };
        /**
         * Contact
         * @description Who to reach at the organization; the phone is masked without ``pii:read``.
         */
        Contact: {
            /** Name */
            name?: string | null;
            /** Phone */
            phone?: string | null;
        };
        /**
         * ContactIn
         * @description Who to reach at the organization.
         */
        ContactIn: {
            /** Name */
            name?: string | null;
            /** Phone */
            phone?: string | null;
        };
        /**
         * Contacts
         * @description Both sides' contact details.
         */
        Contacts: {
            need: components["schemas"]["PartyContact"];
            offer: components["schemas"]["PartyContact"];
        };
        /**
         * DeclineBody
         * @description Which side declines, and why.
         * @example {
         *       "reason": "人手不足",
         *       "side": "offer"
         *     }
         */
        DeclineBody: {
            /** Reason */
            reason?: string | null;
            /**
             * Side
             * @enum {string}
             */
            side: "need" | "offer";
        };
        /**
         * DeliveryRead
         * @description One delivery of one event to one subscription.
         */
        DeliveryRead: {
            /** Attempts */
            attempts: number;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Delivered At */
            delivered_at: string | null;
            /** Event Id */
            event_id: string;
            /** Event Type */
            event_type: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Last Error */
            last_error: string | null;
            /** Last Status */
            last_status: number | null;
            /**
             * Next Attempt At
             * Format: date-time
             */
            next_attempt_at: string;
            /** Status */
            status: string;
        };
        /**
         * DisbursementCreate
         * @description Pay out part of an approved grant's reservation.
         * @example {
         *       "amount": 500000
         *     }
         */
        DisbursementCreate: {
            /**
             * Amount
             * @description 最小单位整数：分（CNY）或分钟（TIME）/ minor units
             */
            amount: number;
        };
        /**
         * DonationCreate
         * @description A donation of money, or of goods (``in_kind``: ``amount`` equals the valuation).
         * @example {
         *       "amount": 500000,
         *       "asset": "CNY",
         *       "donor": {
         *         "anonymous": false,
         *         "kind": "enterprise",
         *         "name": "宁波某茶业有限公司"
         *       },
         *       "fund_id": "5b3f2c1e-8a4d-4f6b-9c2e-1d7a8b9c0e1f",
         *       "purpose": "茶村道路修缮"
         *     }
         */
        DonationCreate: {
            /**
             * Amount
             * @description 最小单位整数：分（CNY）或分钟（TIME）/ minor units
             */
            amount: number;
            /**
             * Asset
             * @default CNY
             * @constant
             */
            asset: "CNY";
            donor: components["schemas"]["DonorIn"];
            /**
             * Fund Id
             * Format: uuid
             */
            fund_id: string;
            in_kind?: components["schemas"]["InKindIn"] | null;
            /** Purpose */
            purpose?: string | null;
        };
        /**
         * DonationRead
         * @description A donation with its ledger transfer and receipt number.
         */
        DonationRead: {
            /** Amount */
            amount: number;
            /** Asset */
            asset: string;
            /** Booked On */
            booked_on: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            donor: components["schemas"]["DonorRead"];
            /**
             * Fund Id
             * Format: uuid
             */
            fund_id: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** In Kind */
            in_kind: {
                [key: string]: unknown;
            } | null;
            /** Purpose */
            purpose: string | null;
            /**
             * Receipt No
             * @description 收据编号：每基金每年连续 / gapless per fund, year
             */
            receipt_no: string | null;
            /**
             * Status
             * @enum {string}
             */
            status: "pending" | "received" | "failed";
            /** @description 捐赠的转账（仅创建时）/ the transfer, when created */
            transfer?: components["schemas"]["TransferRead"] | null;
            /** Transfer Id */
            transfer_id: string | null;
        };
        /**
         * DonorIn
         * @description Who gave; an anonymous donor's name is kept for the receipt and never shown publicly.
         */
        DonorIn: {
            /**
             * Anonymous
             * @default false
             */
            anonymous: boolean;
            /**
             * Kind
             * @enum {string}
             */
            kind: "person" | "enterprise";
            /** Name */
            name: string;
        };
        /**
         * DonorRead
         * @description A donor as this caller may see them (``匿名`` for anonymous donors).
         */
        DonorRead: {
            /** Anonymous */
            anonymous: boolean;
            /** Kind */
            kind: string;
            /** Name */
            name: string;
        };
        /**
         * EarnCreate
         * @description A volunteer-service record credited to the time bank (idempotent per ``source``).
         * @example {
         *       "content": "为独居老人理发",
         *       "fund_id": "5b3f2c1e-8a4d-4f6b-9c2e-1d7a8b9c0e1f",
         *       "minutes": 120,
         *       "place": "海曙区鼓楼街道日间照料中心",
         *       "served_on": "2026-05-01",
         *       "source": "match:3f1e2d4c-5b6a-4798-8a9b-0c1d2e3f4a5b",
         *       "volunteer_id": "0c9e8d7f-6b5a-4c3d-8e2f-1a0b9c8d7e6f"
         *     }
         */
        EarnCreate: {
            /**
             * Content
             * @description 服务内容 / content
             */
            content?: string | null;
            /**
             * Fund Id
             * Format: uuid
             * @description 时间银行 / the time bank
             */
            fund_id: string;
            /**
             * Minutes
             * @description 服务时长（分钟）/ minutes
             */
            minutes: number;
            /**
             * Place
             * @description 服务地点 / place
             */
            place?: string | null;
            /**
             * Recorded By
             * @description 记录人，默认调用者 / who recorded it
             */
            recorded_by?: string | null;
            /**
             * Served On
             * @description 服务日期，默认今天 / date
             */
            served_on?: string | null;
            /**
             * Source
             * @description 来源（服务记录、撮合）；同一来源只记一次 / once per source
             */
            source: string;
            /**
             * Volunteer Id
             * Format: uuid
             */
            volunteer_id: string;
        };
        /**
         * EventItem
         * @description One event of the feed.
         */
        EventItem: {
            /**
             * Data
             * @description 变更后的资源表示（按权限脱敏）/ the resource after
             */
            data: {
                [key: string]: unknown;
            };
            /** Id */
            id: string;
            /** Occurred At */
            occurred_at: string;
            /**
             * Position
             * @description 在本服务事件流中的位置（递增）/ position in the feed
             */
            position: number;
            /** Region Code */
            region_code?: string | null;
            subject: components["schemas"]["Subject"];
            /**
             * Type
             * @description <resource>.<verb>, e.g. organization.created
             */
            type: string;
        };
        /**
         * EventPage
         * @description A page of the feed; ask again with ``after=next_after``.
         */
        EventPage: {
            /** Items */
            items: components["schemas"]["EventItem"][];
            /** Next After */
            next_after: number;
        };
        /**
         * FeedbackCreate
         * @description One side's feedback on a match (once per side).
         * @example {
         *       "comment": "服务及时，老人很满意",
         *       "score": 5
         *     }
         */
        FeedbackCreate: {
            /** Comment */
            comment?: string | null;
            /** Score */
            score: number;
            /**
             * Side
             * @description 评价方；社区管理员为 need，组织管理员为 offer，其他角色必填 / who gives it: need for a community_admin, offer for an org_admin, required otherwise
             */
            side?: ("need" | "offer") | null;
        };
        /**
         * FeedbackRead
         * @description Stored feedback; the need side's, on an organization's offer, becomes its rating.
         */
        FeedbackRead: {
            /** Comment */
            comment: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Created By */
            created_by: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Match Id
             * Format: uuid
             */
            match_id: string;
            /**
             * Rating Sent
             * @description 是否转为登记服务中该组织的评价 / whether it goes to the Registry as the organization's rating
             */
            rating_sent: boolean;
            /** Score */
            score: number;
            /**
             * Side
             * @enum {string}
             */
            side: "need" | "offer";
        };
        /**
         * FlowLine
         * @description Money (or minutes) in or out by transfer kind.
         */
        FlowLine: {
            /** Amount */
            amount: number;
            /** Count */
            count: number;
            /** Kind */
            kind: string;
        };
        /**
         * FundCreate
         * @description A fund hosted by a registered organization in good standing.
         * @example {
         *       "approvals_required": 2,
         *       "host_org_id": "7d0c4b1e-8f5a-4c2e-9b7d-3a1f6e2d9c40",
         *       "kind": "special",
         *       "name": "茶村振兴专项基金",
         *       "restricted_domains": [
         *         "rural_revitalization"
         *       ]
         *     }
         */
        FundCreate: {
            /**
             * Approvals Required
             * @description 资助需要的不同审批人数 / distinct approvers
             * @default 2
             */
            approvals_required: number;
            /** Community Id */
            community_id?: string | null;
            /**
             * Host Org Id
             * Format: uuid
             * @description 主办组织（登记在册、无失信）/ host organization
             */
            host_org_id: string;
            /**
             * Kind
             * @description 社区/冠名/专项/公益创投/时间银行 / kind
             * @enum {string}
             */
            kind: "community" | "named" | "special" | "venture" | "time_bank";
            /**
             * Name
             * @description 基金名称 / name
             */
            name: string;
            /**
             * Restricted Domains
             * @description 定向领域，空为不限 / restricted domains
             */
            restricted_domains?: string[];
            /** @description 时间银行积分上限（仅时间银行）/ time bank caps */
            time_bank_policy?: components["schemas"]["TimeBankPolicyIn"] | null;
        };
        /**
         * FundRead
         * @description A fund and the ledger accounts it opened.
         */
        FundRead: {
            /**
             * Accounts
             * @description 账户用途 → 账户 id / accounts by role
             */
            accounts: {
                [key: string]: string;
            };
            /** Approvals Required */
            approvals_required: number;
            /** Community Id */
            community_id: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Host Org Id
             * Format: uuid
             */
            host_org_id: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Kind
             * @enum {string}
             */
            kind: "community" | "named" | "special" | "venture" | "time_bank";
            /** Name */
            name: string;
            /** Restricted Domains */
            restricted_domains: string[];
            /** Status */
            status: string;
            time_bank_policy?: components["schemas"]["TimeBankPolicyIn"] | null;
        };
        /**
         * GiftCreate
         * @description Minutes given to a family member's time-bank account.
         * @example {
         *       "from_volunteer_id": "0c9e8d7f-6b5a-4c3d-8e2f-1a0b9c8d7e6f",
         *       "fund_id": "5b3f2c1e-8a4d-4f6b-9c2e-1d7a8b9c0e1f",
         *       "minutes": 30,
         *       "relation": "parent",
         *       "to_volunteer_id": "1b9e2f3a-4c5d-4e6f-8a7b-9c0d1e2f3a4b"
         *     }
         */
        GiftCreate: {
            /**
             * From Volunteer Id
             * Format: uuid
             */
            from_volunteer_id: string;
            /**
             * Fund Id
             * Format: uuid
             */
            fund_id: string;
            /** Minutes */
            minutes: number;
            /**
             * Relation
             * @description 亲属关系 / family relation of the recipient
             * @enum {string}
             */
            relation: "spouse" | "parent" | "child" | "sibling" | "grandparent" | "grandchild";
            /**
             * To Volunteer Id
             * Format: uuid
             */
            to_volunteer_id: string;
        };
        /**
         * GrantCreate
         * @description A grant application from a fund to an organization in good standing.
         * @example {
         *       "amount": 2000000,
         *       "domain": "elderly_care",
         *       "fund_id": "5b3f2c1e-8a4d-4f6b-9c2e-1d7a8b9c0e1f",
         *       "grantee_org_id": "7d0c4b1e-8f5a-4c2e-9b7d-3a1f6e2d9c40",
         *       "title": "独居老人助餐项目"
         *     }
         */
        GrantCreate: {
            /**
             * Amount
             * @description 最小单位整数：分（CNY）或分钟（TIME）/ minor units
             */
            amount: number;
            /**
             * Domain
             * @description 资助领域；定向基金必填 / required by restricted funds
             */
            domain?: string | null;
            /**
             * Fund Id
             * Format: uuid
             */
            fund_id: string;
            /**
             * Grantee Org Id
             * Format: uuid
             */
            grantee_org_id: string;
            /** Match Id */
            match_id?: string | null;
            /** Need Id */
            need_id?: string | null;
            /** Title */
            title: string;
        };
        /**
         * GrantRead
         * @description A grant, its approvals and what has been paid out.
         */
        GrantRead: {
            /** Amount */
            amount: number;
            /** Approvals */
            approvals: string[];
            /** Approvals Required */
            approvals_required: number;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Disbursed */
            disbursed: number;
            /** Domain */
            domain: string | null;
            /**
             * Fund Id
             * Format: uuid
             */
            fund_id: string;
            /**
             * Grantee Org Id
             * Format: uuid
             */
            grantee_org_id: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Match Id */
            match_id: string | null;
            /** Need Id */
            need_id: string | null;
            /** Reservation Id */
            reservation_id: string | null;
            /**
             * Status
             * @enum {string}
             */
            status: "submitted" | "approved" | "rejected" | "disbursing" | "completed" | "cancelled";
            /** Submitted By */
            submitted_by: string;
            /** Title */
            title: string;
        };
        /**
         * GrantReject
         * @description Why a grant is rejected or cancelled.
         * @example {
         *       "reason": "预算不符合要求"
         *     }
         */
        GrantReject: {
            /** Reason */
            reason?: string | null;
        };
        /** HTTPValidationError */
        HTTPValidationError: {
            /** Detail */
            detail?: components["schemas"]["ValidationError"][];
        };
        /**
         * ImportFailure
         * @description One roster row that was not imported.
         */
        ImportFailure: {
            /** Field */
            field: string | null;
            /** Message */
            message: string;
            /**
             * Row
             * @description 表格中的行号（表头为第 1 行）/ spreadsheet row number
             */
            row: number;
        };
        /**
         * ImportResult
         * @description What an import did (or would do, on a dry run).
         */
        ImportResult: {
            /** Created */
            created: number;
            /** Dry Run */
            dry_run: boolean;
            /** Failed */
            failed: components["schemas"]["ImportFailure"][];
            /** Updated */
            updated: number;
        };
        /**
         * InKindIn
         * @description Goods given, at their valuation (fen).
         */
        InKindIn: {
            /** Items */
            items: string[];
            /**
             * Valuation
             * @description 最小单位整数：分（CNY）或分钟（TIME）/ minor units
             */
            valuation: number;
        };
        /**
         * MatchRead
         * @description A match between a need and an offer, and where it is in its lifecycle.
         */
        MatchRead: {
            acceptance: components["schemas"]["Acceptance"];
            /**
             * Closed At
             * @description 拒绝或取消时间 / declined or cancelled at
             */
            closed_at: string | null;
            /**
             * Closed Side
             * @description 拒绝的一方 / the side that declined
             */
            closed_side: ("need" | "offer") | null;
            /** Completed At */
            completed_at: string | null;
            /** @description 双方均接受后才提供 / only once both sides have accepted */
            contacts?: components["schemas"]["Contacts"] | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Grant Id
             * @description 资金类对接开始服务后在资金服务中形成的资助申请（异步，可能暂为空）/ the Funds grant a funds match became (learnt asynchronously; may be null)
             */
            grant_id: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Need Id
             * Format: uuid
             */
            need_id: string;
            /**
             * Offer Id
             * Format: uuid
             */
            offer_id: string;
            /** Quantity */
            quantity: number;
            /** Reason */
            reason: string | null;
            /**
             * Reasons
             * @description 评分各项及理由 / the score's parts and reasons
             */
            reasons: {
                [key: string]: unknown;
            };
            /** Round Id */
            round_id: string | null;
            /** Score */
            score: number;
            /** Started At */
            started_at: string | null;
            /**
             * Status
             * @description proposed → accepted（双方均已接受，占用容量）→ in_service → completed；或 declined / cancelled / both sides accepted (capacity reserved) before service
             * @enum {string}
             */
            status: "proposed" | "accepted" | "in_service" | "completed" | "declined" | "cancelled";
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /**
         * MeRead
         * @description 当前调用者 / the caller as the gateway sees it.
         */
        MeRead: {
            /** Community Id */
            community_id: string | null;
            /** Kind */
            kind: string;
            /** Org Id */
            org_id: string | null;
            /** Role */
            role: string | null;
            /** Scopes */
            scopes: string[];
            /** Sub */
            sub: string;
        };
        /**
         * NeedCreate
         * @description A need found on a visit (把脉接诊), triaged at intake (三事分流).
         *
         *     ``minor`` (小事) needs are open for matching; ``major`` (大事) needs are referred to the
         *     department named in ``referral``; ``private`` (私事) needs are closed with ``advice``.
         * @example {
         *       "beneficiaries": {
         *         "count": 30,
         *         "groups": [
         *           "empty_nest_elderly"
         *         ]
         *       },
         *       "community_id": "1b9e2f3a-4c5d-4e6f-8a7b-9c0d1e2f3a4b",
         *       "domain": "elderly_care",
         *       "quantity": 4,
         *       "resource_kind": "volunteers",
         *       "title": "空巢老人每周上门探访",
         *       "triage": "minor",
         *       "urgency": "normal",
         *       "window": {
         *         "end": "2027-06-30",
         *         "start": "2027-03-01"
         *       }
         *     }
         */
        NeedCreate: {
            /**
             * Advice
             * @description 私事必填 / for private needs
             */
            advice?: string | null;
            beneficiaries?: components["schemas"]["Beneficiaries"];
            /**
             * Community Id
             * Format: uuid
             * @description 提出需求的社区或村 / the community
             */
            community_id: string;
            /** Description */
            description?: string | null;
            /**
             * Domain
             * @description 服务领域 / service domain
             */
            domain: string;
            /**
             * Quantity
             * @description 需要的数量（人、队、场次、元…）/ units wanted
             */
            quantity: number;
            /** @description 大事必填 / for major needs */
            referral?: components["schemas"]["ReferralIn"] | null;
            /**
             * Resource Kind
             * @enum {string}
             */
            resource_kind: "talent" | "team" | "technique" | "funds" | "goods" | "volunteers" | "venue" | "jobs";
            /** Title */
            title: string;
            /**
             * Triage
             * @description 三事分流：minor 小事 / major 大事 / private 私事
             * @enum {string}
             */
            triage: "minor" | "major" | "private";
            /**
             * Urgency
             * @default normal
             * @enum {string}
             */
            urgency: "low" | "normal" | "high" | "critical";
            window: components["schemas"]["Window"];
        };
        /**
         * NeedRead
         * @description A need as the API shows it.
         */
        NeedRead: {
            /** Advice */
            advice: string | null;
            beneficiaries: components["schemas"]["Beneficiaries"];
            /**
             * Community Id
             * Format: uuid
             */
            community_id: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Description */
            description: string | null;
            /** Domain */
            domain: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Quantity */
            quantity: number;
            referral: components["schemas"]["ReferralRead"] | null;
            /**
             * Region Code
             * @description 社区所在区划（发布时）/ the community's region
             */
            region_code: string;
            /**
             * Resource Kind
             * @enum {string}
             */
            resource_kind: "talent" | "team" | "technique" | "funds" | "goods" | "volunteers" | "venue" | "jobs";
            /**
             * Status
             * @enum {string}
             */
            status: "open" | "matched" | "in_service" | "fulfilled" | "closed" | "cancelled" | "referred";
            /** Title */
            title: string;
            /**
             * Triage
             * @enum {string}
             */
            triage: "minor" | "major" | "private";
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /**
             * Urgency
             * @enum {string}
             */
            urgency: "low" | "normal" | "high" | "critical";
            window: components["schemas"]["Window"];
        };
        /**
         * NeedUpdate
         * @description Fields a PATCH may change while the need is open (triage is decided at intake).
         */
        NeedUpdate: {
            beneficiaries?: components["schemas"]["Beneficiaries"] | null;
            /** Description */
            description?: string | null;
            /** Domain */
            domain?: string | null;
            /** Quantity */
            quantity?: number | null;
            /** Resource Kind */
            resource_kind?: ("talent" | "team" | "technique" | "funds" | "goods" | "volunteers" | "venue" | "jobs") | null;
            /** Title */
            title?: string | null;
            /** Urgency */
            urgency?: ("low" | "normal" | "high" | "critical") | null;
            window?: components["schemas"]["Window"] | null;
        };
        /**
         * OfferCreate
         * @description Capacity offered for a period in some regions (a region serves all its descendants).
         * @example {
         *       "capacity": 3,
         *       "domains": [
         *         "elderly_care",
         *         "children"
         *       ],
         *       "provider": {
         *         "id": "7d0c4b1e-8f5a-4c2e-9b7d-3a1f6e2d9c40",
         *         "kind": "organization"
         *       },
         *       "resource_kind": "talent",
         *       "service_region_codes": [
         *         "510000"
         *       ],
         *       "title": "专业社工驻村服务",
         *       "window": {
         *         "end": "2027-12-31",
         *         "start": "2027-01-01"
         *       }
         *     }
         */
        OfferCreate: {
            /**
             * Capacity
             * @description 可提供的总量 / total units offered
             */
            capacity: number;
            /** Description */
            description?: string | null;
            /** Domains */
            domains: string[];
            /**
             * Fund Id
             * @description 资金类资源的出资基金 / the fund, for resource_kind funds
             */
            fund_id?: string | null;
            provider: components["schemas"]["Provider"];
            /**
             * Resource Kind
             * @enum {string}
             */
            resource_kind: "talent" | "team" | "technique" | "funds" | "goods" | "volunteers" | "venue" | "jobs";
            /**
             * Service Region Codes
             * @description 服务区划（含下级）/ regions served, with their descendants
             */
            service_region_codes: string[];
            /** Title */
            title: string;
            window: components["schemas"]["Window"];
        };
        /**
         * OfferRead
         * @description An offer as the API shows it.
         */
        OfferRead: {
            /** Capacity */
            capacity: number;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Description */
            description: string | null;
            /** Domains */
            domains: string[];
            /** Fund Id */
            fund_id: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            provider: components["schemas"]["Provider"];
            /**
             * Provider Region Code
             * @description 提供方所在区划 / where the provider is (none for donors)
             */
            provider_region_code: string | null;
            /**
             * Remaining
             * @description 尚未被接受的对接占用的数量 / capacity not yet reserved
             */
            remaining: number;
            /**
             * Resource Kind
             * @enum {string}
             */
            resource_kind: "talent" | "team" | "technique" | "funds" | "goods" | "volunteers" | "venue" | "jobs";
            /** Service Region Codes */
            service_region_codes: string[];
            /**
             * Status
             * @enum {string}
             */
            status: "open" | "exhausted" | "withdrawn";
            /** Title */
            title: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            window: components["schemas"]["Window"];
        };
        /**
         * OfferUpdate
         * @description Fields a PATCH may change while the offer is not withdrawn (capacity is fixed).
         */
        OfferUpdate: {
            /** Description */
            description?: string | null;
            /** Domains */
            domains?: string[] | null;
            /** Service Region Codes */
            service_region_codes?: string[] | null;
            /** Title */
            title?: string | null;
            window?: components["schemas"]["Window"] | null;
        };
        /**
         * OrganizationCreate
         * @description A registered (登记) or filed (备案) social organization.
         * @example {
         *       "contact": {
         *         "name": "王敏",
         *         "phone": "13805741234"
         *       },
         *       "domains": [
         *         "elderly_care",
         *         "children"
         *       ],
         *       "founded_on": "2016-05-12",
         *       "grade": 4,
         *       "grade_expires_on": "2027-12-31",
         *       "legal_form": "social_service_agency",
         *       "name": "宁波市海曙区善行社会工作服务中心",
         *       "party": {
         *         "has_branch": true,
         *         "members": 5
         *       },
         *       "region_code": "330203",
         *       "registration": "registered",
         *       "roles": [
         *         "professional_social_work"
         *       ],
         *       "staff": {
         *         "certified_social_workers": 8,
         *         "full_time": 12
         *       },
         *       "uscc": "523302033AGYGLUY2W"
         *     }
         */
        OrganizationCreate: {
            /** Community Id */
            community_id?: string | null;
            contact?: components["schemas"]["ContactIn"];
            /**
             * Credit Status
             * @default normal
             * @enum {string}
             */
            credit_status: "normal" | "abnormal" | "dishonest";
            /**
             * Domains
             * @description 服务领域 / service domains
             */
            domains?: string[];
            /**
             * Filing No
             * @description 备案编号 / filing number
             */
            filing_no?: string | null;
            /** Founded On */
            founded_on?: string | null;
            /**
             * Grade
             * @description 评估等级 1A-5A / evaluation grade
             */
            grade?: number | null;
            /** Grade Expires On */
            grade_expires_on?: string | null;
            /**
             * Incubated By
             * @description 孵化枢纽组织 / hub
             */
            incubated_by?: string | null;
            /**
             * Legal Form
             * @enum {string}
             */
            legal_form: "social_group" | "social_service_agency" | "foundation" | "other";
            /** Name */
            name: string;
            party?: components["schemas"]["Party"];
            /** Region Code */
            region_code: string;
            /**
             * Registration
             * @enum {string}
             */
            registration: "registered" | "filed";
            /**
             * Roles
             * @description 角色，如 hub / roles
             */
            roles?: string[];
            staff?: components["schemas"]["Staff"];
            /**
             * Status
             * @description 默认 active；有孵化枢纽时默认 incubating
             */
            status?: ("incubating" | "active") | null;
            /**
             * Uscc
             * @description 统一社会信用代码 / unified credit code
             */
            uscc?: string | null;
        };
        /**
         * OrganizationRead
         * @description A social organization as the roster shows it.
         */
        OrganizationRead: {
            /** Community Id */
            community_id: string | null;
            contact: components["schemas"]["Contact"];
            /**
             * Credit Status
             * @enum {string}
             */
            credit_status: "normal" | "abnormal" | "dishonest";
            /** Domains */
            domains: string[];
            /** Filing No */
            filing_no: string | null;
            /** Founded On */
            founded_on: string | null;
            /**
             * Grade
             * @description 有效评估等级；过期视为无 / null once expired
             */
            grade: number | null;
            /** Grade Expires On */
            grade_expires_on: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Incubated By */
            incubated_by: string | null;
            /**
             * Legal Form
             * @enum {string}
             */
            legal_form: "social_group" | "social_service_agency" | "foundation" | "other";
            /** Name */
            name: string;
            party: components["schemas"]["Party"];
            rating: components["schemas"]["Rating"];
            /** Region Code */
            region_code: string;
            /**
             * Registration
             * @enum {string}
             */
            registration: "registered" | "filed";
            /** Roles */
            roles: string[];
            staff: components["schemas"]["Staff"];
            /**
             * Status
             * @enum {string}
             */
            status: "incubating" | "active" | "suspended" | "deregistered";
            /** Uscc */
            uscc: string | null;
        };
        /**
         * OrganizationUpdate
         * @description Fields a PATCH may change; ``status`` follows the lifecycle.
         */
        OrganizationUpdate: {
            /** Community Id */
            community_id?: string | null;
            contact?: components["schemas"]["ContactIn"] | null;
            /** Credit Status */
            credit_status?: ("normal" | "abnormal" | "dishonest") | null;
            /** Domains */
            domains?: string[] | null;
            /** Filing No */
            filing_no?: string | null;
            /** Founded On */
            founded_on?: string | null;
            /** Grade */
            grade?: number | null;
            /** Grade Expires On */
            grade_expires_on?: string | null;
            /** Incubated By */
            incubated_by?: string | null;
            /** Legal Form */
            legal_form?: ("social_group" | "social_service_agency" | "foundation" | "other") | null;
            /** Name */
            name?: string | null;
            party?: components["schemas"]["Party"] | null;
            /** Region Code */
            region_code?: string | null;
            /** Registration */
            registration?: ("registered" | "filed") | null;
            /** Roles */
            roles?: string[] | null;
            staff?: components["schemas"]["Staff"] | null;
            /** Status */
            status?: ("incubating" | "active" | "suspended" | "deregistered") | null;
            /** Uscc */
            uscc?: string | null;
        };
        /**
         * OutboxMessage
         * @description A message owed to another service.
         */
        OutboxMessage: {
            /** Attempts */
            attempts: number;
            /** Created At */
            created_at: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Last Error */
            last_error: string | null;
            /** Method */
            method: string;
            /** Next Attempt At */
            next_attempt_at: string;
            /** Path */
            path: string;
            /** Status */
            status: string;
            /** Target */
            target: string;
        };
        /** Page[AccountRead] */
        Page_AccountRead_: {
            /** Items */
            items: components["schemas"]["AccountRead"][];
            /**
             * Next Cursor
             * @description 传给下一次请求的 cursor；为空表示没有更多 / pass as cursor for the next page
             */
            next_cursor?: string | null;
        };
        /** Page[ApiKeyRead] */
        Page_ApiKeyRead_: {
            /** Items */
            items: components["schemas"]["ApiKeyRead"][];
            /**
             * Next Cursor
             * @description 传给下一次请求的 cursor；为空表示没有更多 / pass as cursor for the next page
             */
            next_cursor?: string | null;
        };
        /** Page[CollaborationRead] */
        Page_CollaborationRead_: {
            /** Items */
            items: components["schemas"]["CollaborationRead"][];
            /**
             * Next Cursor
             * @description 传给下一次请求的 cursor；为空表示没有更多 / pass as cursor for the next page
             */
            next_cursor?: string | null;
        };
        /** Page[CommunityRead] */
        Page_CommunityRead_: {
            /** Items */
            items: components["schemas"]["CommunityRead"][];
            /**
             * Next Cursor
             * @description 传给下一次请求的 cursor；为空表示没有更多 / pass as cursor for the next page
             */
            next_cursor?: string | null;
        };
        /** Page[DeliveryRead] */
        Page_DeliveryRead_: {
            /** Items */
            items: components["schemas"]["DeliveryRead"][];
            /**
             * Next Cursor
             * @description 传给下一次请求的 cursor；为空表示没有更多 / pass as cursor for the next page
             */
            next_cursor?: string | null;
        };
        /** Page[DonationRead] */
        Page_DonationRead_: {
            /** Items */
            items: components["schemas"]["DonationRead"][];
            /**
             * Next Cursor
             * @description 传给下一次请求的 cursor；为空表示没有更多 / pass as cursor for the next page
             */
            next_cursor?: string | null;
        };
        /** Page[FeedbackRead] */
        Page_FeedbackRead_: {
            /** Items */
            items: components["schemas"]["FeedbackRead"][];
            /**
             * Next Cursor
             * @description 传给下一次请求的 cursor；为空表示没有更多 / pass as cursor for the next page
             */
            next_cursor?: string | null;
        };
        /** Page[FundRead] */
        Page_FundRead_: {
            /** Items */
            items: components["schemas"]["FundRead"][];
            /**
             * Next Cursor
             * @description 传给下一次请求的 cursor；为空表示没有更多 / pass as cursor for the next page
             */
            next_cursor?: string | null;
        };
        /** Page[GrantRead] */
        Page_GrantRead_: {
            /** Items */
            items: components["schemas"]["GrantRead"][];
            /**
             * Next Cursor
             * @description 传给下一次请求的 cursor；为空表示没有更多 / pass as cursor for the next page
             */
            next_cursor?: string | null;
        };
        /** Page[MatchRead] */
        Page_MatchRead_: {
            /** Items */
            items: components["schemas"]["MatchRead"][];
            /**
             * Next Cursor
             * @description 传给下一次请求的 cursor；为空表示没有更多 / pass as cursor for the next page
             */
            next_cursor?: string | null;
        };
        /** Page[NeedRead] */
        Page_NeedRead_: {
            /** Items */
            items: components["schemas"]["NeedRead"][];
            /**
             * Next Cursor
             * @description 传给下一次请求的 cursor；为空表示没有更多 / pass as cursor for the next page
             */
            next_cursor?: string | null;
        };
        /** Page[OfferRead] */
        Page_OfferRead_: {
            /** Items */
            items: components["schemas"]["OfferRead"][];
            /**
             * Next Cursor
             * @description 传给下一次请求的 cursor；为空表示没有更多 / pass as cursor for the next page
             */
            next_cursor?: string | null;
        };
        /** Page[OrganizationRead] */
        Page_OrganizationRead_: {
            /** Items */
            items: components["schemas"]["OrganizationRead"][];
            /**
             * Next Cursor
             * @description 传给下一次请求的 cursor；为空表示没有更多 / pass as cursor for the next page
             */
            next_cursor?: string | null;
        };
        /** Page[OutboxMessage] */
        Page_OutboxMessage_: {
            /** Items */
            items: components["schemas"]["OutboxMessage"][];
            /**
             * Next Cursor
             * @description 传给下一次请求的 cursor；为空表示没有更多 / pass as cursor for the next page
             */
            next_cursor?: string | null;
        };
        /** Page[PairingRead] */
        Page_PairingRead_: {
            /** Items */
            items: components["schemas"]["PairingRead"][];
            /**
             * Next Cursor
             * @description 传给下一次请求的 cursor；为空表示没有更多 / pass as cursor for the next page
             */
            next_cursor?: string | null;
        };
        /** Page[ReferralRead] */
        Page_ReferralRead_: {
            /** Items */
            items: components["schemas"]["ReferralRead"][];
            /**
             * Next Cursor
             * @description 传给下一次请求的 cursor；为空表示没有更多 / pass as cursor for the next page
             */
            next_cursor?: string | null;
        };
        /** Page[RegionRead] */
        Page_RegionRead_: {
            /** Items */
            items: components["schemas"]["RegionRead"][];
            /**
             * Next Cursor
             * @description 传给下一次请求的 cursor；为空表示没有更多 / pass as cursor for the next page
             */
            next_cursor?: string | null;
        };
        /** Page[RoundRead] */
        Page_RoundRead_: {
            /** Items */
            items: components["schemas"]["RoundRead"][];
            /**
             * Next Cursor
             * @description 传给下一次请求的 cursor；为空表示没有更多 / pass as cursor for the next page
             */
            next_cursor?: string | null;
        };
        /** Page[ServiceRecordRead] */
        Page_ServiceRecordRead_: {
            /** Items */
            items: components["schemas"]["ServiceRecordRead"][];
            /**
             * Next Cursor
             * @description 传给下一次请求的 cursor；为空表示没有更多 / pass as cursor for the next page
             */
            next_cursor?: string | null;
        };
        /** Page[SocialWorkerRead] */
        Page_SocialWorkerRead_: {
            /** Items */
            items: components["schemas"]["SocialWorkerRead"][];
            /**
             * Next Cursor
             * @description 传给下一次请求的 cursor；为空表示没有更多 / pass as cursor for the next page
             */
            next_cursor?: string | null;
        };
        /** Page[TransferRead] */
        Page_TransferRead_: {
            /** Items */
            items: components["schemas"]["TransferRead"][];
            /**
             * Next Cursor
             * @description 传给下一次请求的 cursor；为空表示没有更多 / pass as cursor for the next page
             */
            next_cursor?: string | null;
        };
        /** Page[UserRead] */
        Page_UserRead_: {
            /** Items */
            items: components["schemas"]["UserRead"][];
            /**
             * Next Cursor
             * @description 传给下一次请求的 cursor；为空表示没有更多 / pass as cursor for the next page
             */
            next_cursor?: string | null;
        };
        /** Page[VolunteerRead] */
        Page_VolunteerRead_: {
            /** Items */
            items: components["schemas"]["VolunteerRead"][];
            /**
             * Next Cursor
             * @description 传给下一次请求的 cursor；为空表示没有更多 / pass as cursor for the next page
             */
            next_cursor?: string | null;
        };
        /** Page[WebhookRead] */
        Page_WebhookRead_: {
            /** Items */
            items: components["schemas"]["WebhookRead"][];
            /**
             * Next Cursor
             * @description 传给下一次请求的 cursor；为空表示没有更多 / pass as cursor for the next page
             */
            next_cursor?: string | null;
        };
        /**
         * PairingCreate
         * @description An organization paired with a community (结对帮扶) for a period.
         * @example {
         *       "community_id": "1b9e2f3a-4c5d-4e6f-8a7b-9c0d1e2f3a4b",
         *       "end_date": "2026-12-31",
         *       "org_id": "7d0c4b1e-8f5a-4c2e-9b7d-3a1f6e2d9c40",
         *       "plan": "三年帮扶计划：每月两次入村服务，培育村级志愿队伍",
         *       "start_date": "2024-01-01"
         *     }
         */
        PairingCreate: {
            /** Collaboration Id */
            collaboration_id?: string | null;
            /**
             * Community Id
             * Format: uuid
             */
            community_id: string;
            /**
             * End Date
             * Format: date
             */
            end_date: string;
            /**
             * Org Id
             * Format: uuid
             */
            org_id: string;
            /** Plan */
            plan: string;
            /**
             * Start Date
             * Format: date
             */
            start_date: string;
        };
        /**
         * PairingRead
         * @description A pairing; it reads as ``ended`` once ended or past its end date.
         */
        PairingRead: {
            /** Collaboration Id */
            collaboration_id: string | null;
            /**
             * Community Id
             * Format: uuid
             */
            community_id: string;
            /**
             * End Date
             * Format: date
             */
            end_date: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Org Id
             * Format: uuid
             */
            org_id: string;
            /** Plan */
            plan: string;
            /**
             * Start Date
             * Format: date
             */
            start_date: string;
            /**
             * Status
             * @enum {string}
             */
            status: "active" | "ended";
        };
        /**
         * PairingUpdate
         * @description Fields a PATCH may change; ``status: ended`` ends the pairing (it stays in history).
         */
        PairingUpdate: {
            /** End Date */
            end_date?: string | null;
            /** Plan */
            plan?: string | null;
            /** Status */
            status?: ("active" | "ended") | null;
        };
        /**
         * Party
         * @description Party organization (党组织).
         */
        Party: {
            /**
             * Has Branch
             * @default false
             */
            has_branch: boolean;
            /**
             * Members
             * @default 0
             */
            members: number;
        };
        /**
         * PartyContact
         * @description One side of a match, as the other side may reach it (only once both have accepted).
         */
        PartyContact: {
            /**
             * Contact Name
             * @description 联系人 / contact person
             */
            contact_name?: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Kind
             * @enum {string}
             */
            kind: "community" | "organization" | "volunteer" | "donor";
            /**
             * Name
             * @description 名称或姓名 / name
             */
            name?: string | null;
            /**
             * Phone
             * @description 联系电话；非对接双方且无 pii:read 时脱敏 / masked for callers who are neither party and lack pii:read
             */
            phone?: string | null;
            /** Region Code */
            region_code?: string | null;
        };
        /**
         * PeriodClose
         * @description Seal the books of one fund (or all) on and before ``until``.
         * @example {
         *       "until": "2026-09-30"
         *     }
         */
        PeriodClose: {
            /** Fund Id */
            fund_id?: string | null;
            /**
             * Until
             * Format: date
             */
            until: string;
        };
        /**
         * PeriodRead
         * @description A sealed period.
         */
        PeriodRead: {
            /** Fund Id */
            fund_id: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Sealed At
             * Format: date-time
             */
            sealed_at: string;
            /** Sealed By */
            sealed_by: string;
            /**
             * Until
             * Format: date
             */
            until: string;
        };
        /**
         * PostPending
         * @description Post a reservation, in full (no amount) or in part.
         * @example {
         *       "amount": 5000
         *     }
         */
        PostPending: {
            /** Amount */
            amount?: number | null;
        };
        /**
         * Problem
         * @description RFC 9457 问题详情 / problem details
         */
        Problem: {
            /** @description 稳定的机器可读错误码 / stable machine code */
            code: string;
            detail?: string;
            errors?: {
                field?: string;
                message?: string;
            }[];
            instance?: string;
            /** @example 403 */
            status: number;
            /** @example 缺少所需权限范围 */
            title: string;
            /** @example urn:wushe:problem:scope_missing */
            type: string;
        };
        /**
         * Provider
         * @description Who offers: an organization or a volunteer of the Registry, or a donor.
         */
        Provider: {
            /**
             * Id
             * Format: uuid
             * @description 组织或志愿者的 Registry ID；捐赠方为其自有标识 / Registry id, or the donor's
             */
            id: string;
            /**
             * Kind
             * @enum {string}
             */
            kind: "organization" | "volunteer" | "donor";
        };
        /**
         * PublicDonation
         * @description A donation as the public sees it: anonymous donors are ``匿名``.
         */
        PublicDonation: {
            /** Amount */
            amount: number;
            /** Booked On */
            booked_on: string | null;
            /** Donor */
            donor: string;
            /** Donor Kind */
            donor_kind: string;
            /** In Kind */
            in_kind: boolean;
            /** Receipt No */
            receipt_no: string | null;
        };
        /**
         * PublicFund
         * @description A fund's public disclosure (信息公开): totals, grants, anonymized donations.
         */
        PublicFund: {
            /** Balances */
            balances: {
                [key: string]: number;
            };
            /** Disbursed Total */
            disbursed_total: number;
            /** Donations */
            donations: components["schemas"]["PublicDonation"][];
            /** Donations Count */
            donations_count: number;
            /** Donations Total */
            donations_total: number;
            /** Granted Total */
            granted_total: number;
            /** Grants */
            grants: components["schemas"]["PublicGrant"][];
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** In Kind Total */
            in_kind_total: number;
            /** Kind */
            kind: string;
            /** Minutes Earned */
            minutes_earned: number;
            /** Minutes Redeemed */
            minutes_redeemed: number;
            /** Name */
            name: string;
            /** Restricted Domains */
            restricted_domains: string[];
            /** Status */
            status: string;
        };
        /**
         * PublicGrant
         * @description A grant as the public sees it.
         */
        PublicGrant: {
            /** Amount */
            amount: number;
            /** Disbursed */
            disbursed: number;
            /**
             * Grantee Org Id
             * Format: uuid
             */
            grantee_org_id: string;
            /** Status */
            status: string;
            /** Title */
            title: string;
        };
        /**
         * Rating
         * @description Resident ratings so far.
         */
        Rating: {
            /**
             * Average
             * @description 平均分（1-5），无评价时为空 / mean score
             */
            average: number | null;
            /** Count */
            count: number;
        };
        /**
         * RatingCreate
         * @description A resident's rating; from a match's feedback it names the match.
         * @example {
         *       "comment": "服务及时，老人很满意",
         *       "score": 5
         *     }
         */
        RatingCreate: {
            /** Comment */
            comment?: string | null;
            /** Score */
            score: number;
            /** Source Match Id */
            source_match_id?: string | null;
        };
        /**
         * RatingRead
         * @description A stored rating and the organization's rating after it.
         */
        RatingRead: {
            /** Comment */
            comment: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Org Id
             * Format: uuid
             */
            org_id: string;
            rating: components["schemas"]["Rating"];
            /** Score */
            score: number;
            /** Source Match Id */
            source_match_id: string | null;
        };
        /**
         * RedeemCreate
         * @description Minutes exchanged for goods at the charity store; never below zero.
         * @example {
         *       "fund_id": "5b3f2c1e-8a4d-4f6b-9c2e-1d7a8b9c0e1f",
         *       "item": "大米 5 公斤",
         *       "minutes": 60,
         *       "volunteer_id": "0c9e8d7f-6b5a-4c3d-8e2f-1a0b9c8d7e6f"
         *     }
         */
        RedeemCreate: {
            /**
             * Fund Id
             * Format: uuid
             */
            fund_id: string;
            /**
             * Item
             * @description 兑换物品 / goods
             */
            item: string;
            /** Minutes */
            minutes: number;
            /**
             * Volunteer Id
             * Format: uuid
             */
            volunteer_id: string;
        };
        /**
         * ReferralIn
         * @description Where a major need (大事) is handed over.
         */
        ReferralIn: {
            /**
             * Department
             * @description 承接的政府部门 / the government department
             */
            department: string;
            /**
             * Reason
             * @description 转介理由 / why
             */
            reason?: string | null;
        };
        /**
         * ReferralRead
         * @description A major need's referral to a government department.
         */
        ReferralRead: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Department */
            department: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Need Id
             * Format: uuid
             */
            need_id: string;
            /** Reason */
            reason: string | null;
            /** Region Code */
            region_code: string;
        };
        /**
         * RefreshRequest
         * @description 刷新令牌 / a refresh token.
         */
        RefreshRequest: {
            /**
             * Refresh Token
             * @example rt_7Qm2vX9kLp0aZ3cYh1sN4bWq8tRe5uJf6gDi0oKx
             */
            refresh_token: string;
        };
        /**
         * RegionCreate
         * @description A township (9 digits) or village (12 digits) under an existing parent.
         * @example {
         *       "code": "330203001",
         *       "level": "township",
         *       "name": "南门街道",
         *       "parent_code": "330203"
         *     }
         */
        RegionCreate: {
            /**
             * Code
             * @description 统计用区划代码 / statistical division code
             */
            code: string;
            /**
             * Level
             * @enum {string}
             */
            level: "province" | "city" | "county" | "township" | "village";
            /** Name */
            name: string;
            /** Parent Code */
            parent_code: string;
        };
        /**
         * RegionRead
         * @description An administrative division.
         */
        RegionRead: {
            /** Code */
            code: string;
            /**
             * Level
             * @enum {string}
             */
            level: "province" | "city" | "county" | "township" | "village";
            /** Name */
            name: string;
            /** Parent Code */
            parent_code: string | null;
        };
        /**
         * RoundCreate
         * @description Scope of an allocation round: every open minor need and open offer in it.
         * @example {
         *       "domains": [
         *         "elderly_care"
         *       ],
         *       "dry_run": true,
         *       "region_code": "520100"
         *     }
         */
        RoundCreate: {
            /**
             * Domains
             * @description 只考虑这些领域 / only these domains
             */
            domains?: string[] | null;
            /**
             * Dry Run
             * @description 只计算，不生成对接 / propose nothing
             * @default false
             */
            dry_run: boolean;
            /**
             * Region Code
             * @description 只考虑该区划（含下级）的需求 / needs in this region subtree
             */
            region_code?: string | null;
        };
        /**
         * RoundRead
         * @description What a round considered, what it proposed, and how good and how fast the solution was.
         */
        RoundRead: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Domains */
            domains: string[];
            /** Dry Run */
            dry_run: boolean;
            /**
             * Edges
             * @description 候选边数 / candidate edges
             */
            edges: number;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Matches Proposed */
            matches_proposed: number;
            /** Needs Considered */
            needs_considered: number;
            /**
             * Objective
             * @description 总得分 Σ score × quantity / total score
             */
            objective: number;
            /** Offers Considered */
            offers_considered: number;
            /** Optimal */
            optimal: boolean;
            /** Region Code */
            region_code: string | null;
            /** Solve Ms */
            solve_ms: number;
            /**
             * Total Ms
             * @description 含候选生成与写入 / with candidates and writes
             */
            total_ms: number;
        };
        /**
         * ServiceRecordCreate
         * @description A volunteer-service record (志愿服务记录) of a match in service or completed.
         * @example {
         *       "beneficiaries_served": 12,
         *       "content": "为独居老人理发",
         *       "date": "2026-05-01",
         *       "minutes": 120,
         *       "place": "海曙区鼓楼街道日间照料中心",
         *       "time_bank_id": "5b3f2c1e-8a4d-4f6b-9c2e-1d7a8b9c0e1f",
         *       "volunteers": [
         *         {
         *           "minutes": 120,
         *           "volunteer_id": "0c9e8d7f-6b5a-4c3d-8e2f-1a0b9c8d7e6f"
         *         }
         *       ]
         *     }
         */
        ServiceRecordCreate: {
            /**
             * Beneficiaries Served
             * @description 服务人次 / person-times served
             */
            beneficiaries_served: number;
            /**
             * Content
             * @description 服务内容，默认为需求标题 / what was done; default the need
             */
            content?: string | null;
            /**
             * Date
             * Format: date
             * @description 服务日期 / the day of service
             */
            date: string;
            /**
             * Minutes
             * @description 本次服务时长 / how long the service lasted
             */
            minutes: number;
            /** Note */
            note?: string | null;
            /**
             * Place
             * @description 服务地点，默认为需求所在社区 / place; default the community
             */
            place?: string | null;
            /**
             * Time Bank Id
             * @description 计入的时间银行（资金服务中的 time_bank 基金）；列出志愿者时必填 / the Funds time bank the minutes are credited to; required when volunteers are listed
             */
            time_bank_id?: string | null;
            /** Volunteers */
            volunteers?: components["schemas"]["VolunteerMinutes"][];
        };
        /**
         * ServiceRecordRead
         * @description A stored service record; each volunteer's minutes go to the time bank via the outbox.
         */
        ServiceRecordRead: {
            /** Beneficiaries Served */
            beneficiaries_served: number;
            /** Content */
            content: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Date
             * Format: date
             */
            date: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Match Id
             * Format: uuid
             */
            match_id: string;
            /** Minutes */
            minutes: number;
            /** Note */
            note: string | null;
            /** Place */
            place: string;
            /**
             * Recorded By
             * @description 记录人 / who recorded it
             */
            recorded_by: string;
            /** Time Bank Id */
            time_bank_id: string | null;
            /** Volunteers */
            volunteers: components["schemas"]["VolunteerMinutes"][];
        };
        /**
         * SocialWorkerCreate
         * @description A social worker; no more personal data than matching needs.
         * @example {
         *       "certificate_no": "ZJ2019-0321",
         *       "name": "李娜",
         *       "phone": "13905745678",
         *       "qualification": "intermediate",
         *       "region_code": "330203",
         *       "skills": [
         *         "个案工作",
         *         "老年服务"
         *       ]
         *     }
         */
        SocialWorkerCreate: {
            /**
             * Certificate No
             * @description 职业资格证书编号 / certificate number
             */
            certificate_no?: string | null;
            /** Name */
            name: string;
            /** Org Id */
            org_id?: string | null;
            /** Phone */
            phone?: string | null;
            /**
             * Qualification
             * @default none
             * @enum {string}
             */
            qualification: "none" | "assistant" | "intermediate" | "senior";
            /** Region Code */
            region_code: string;
            /** Skills */
            skills?: string[];
        };
        /**
         * SocialWorkerRead
         * @description A social worker; ``phone`` and ``certificate_no`` are masked without ``pii:read``.
         */
        SocialWorkerRead: {
            /** Certificate No */
            certificate_no: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Name */
            name: string;
            /** Org Id */
            org_id: string | null;
            /** Phone */
            phone: string | null;
            /**
             * Qualification
             * @enum {string}
             */
            qualification: "none" | "assistant" | "intermediate" | "senior";
            /** Region Code */
            region_code: string;
            /** Skills */
            skills: string[];
        };
        /**
         * SocialWorkerUpdate
         * @description Fields a PATCH may change.
         */
        SocialWorkerUpdate: {
            /** Certificate No */
            certificate_no?: string | null;
            /** Name */
            name?: string | null;
            /** Org Id */
            org_id?: string | null;
            /** Phone */
            phone?: string | null;
            /** Qualification */
            qualification?: ("none" | "assistant" | "intermediate" | "senior") | null;
            /** Region Code */
            region_code?: string | null;
            /** Skills */
            skills?: string[] | null;
        };
        /**
         * Staff
         * @description Staff numbers.
         */
        Staff: {
            /**
             * Certified Social Workers
             * @default 0
             */
            certified_social_workers: number;
            /**
             * Full Time
             * @default 0
             */
            full_time: number;
        };
        /**
         * Standing
         * @description Whether an organization may take on work or receive grants now, and why not.
         */
        Standing: {
            /**
             * Credit Status
             * @enum {string}
             */
            credit_status: "normal" | "abnormal" | "dishonest";
            /** Eligible */
            eligible: boolean;
            /** Grade */
            grade: number | null;
            /**
             * Org Id
             * Format: uuid
             */
            org_id: string;
            /**
             * Reasons
             * @description 不合格原因代码 / why not eligible
             */
            reasons: string[];
            /**
             * Status
             * @enum {string}
             */
            status: "incubating" | "active" | "suspended" | "deregistered";
        };
        /**
         * StartBody
         * @description Starting service; a funds match names the organization that receives the grant (the
         *     body may be left out otherwise).
         * @example {
         *       "grantee_org_id": "7d0c4b1e-8f5a-4c2e-9b7d-3a1f6e2d9c40"
         *     }
         */
        StartBody: {
            /**
             * Grantee Org Id
             * @description 资金类对接必填：接收资助、承接服务的社会组织 / required for a funds match: the organization the grant is paid to
             */
            grantee_org_id?: string | null;
        };
        /**
         * StatementRead
         * @description A fund's statement for a period (booking dates, inclusive).
         */
        StatementRead: {
            /** Assets */
            assets: components["schemas"]["AssetStatement"][];
            /**
             * From
             * Format: date
             */
            from: string;
            /**
             * Fund Id
             * Format: uuid
             */
            fund_id: string;
            /** Fund Name */
            fund_name: string;
            /** Reconciled */
            reconciled: boolean;
            /**
             * To
             * Format: date
             */
            to: string;
        };
        /**
         * StatsRead
         * @description The figures of a region (with its descendants) over a period.
         */
        StatsRead: {
            /** From */
            from: string | null;
            /**
             * Needs By Status
             * @description 期内登记的需求按状态计数 / needs created in the period, by status
             */
            needs_by_status: {
                [key: string]: number;
            };
            /**
             * Organizations Engaged
             * @description 期内有服务记录或对接开始的组织数 / organizations whose matches started or recorded service in the period
             */
            organizations_engaged: number;
            /**
             * Person Times Served
             * @description 服务人次 / beneficiaries served
             */
            person_times_served: number;
            /** Region Code */
            region_code: string | null;
            /** Service Records */
            service_records: number;
            /** To */
            to: string | null;
            /**
             * Volunteer Minutes
             * @description 志愿服务时长（分钟）/ volunteers' minutes
             */
            volunteer_minutes: number;
        };
        /**
         * Subject
         * @description What an event is about.
         */
        Subject: {
            /** Id */
            id: string;
            /** Kind */
            kind: string;
        };
        /**
         * TimeBankBalance
         * @description A volunteer's minutes in one time bank.
         */
        TimeBankBalance: {
            /**
             * Account Id
             * Format: uuid
             */
            account_id: string;
            /**
             * Fund Id
             * Format: uuid
             */
            fund_id: string;
            /** Minutes */
            minutes: number;
        };
        /**
         * TimeBankEntryRead
         * @description One line of a volunteer's history (an earning is a volunteer-service record).
         */
        TimeBankEntryRead: {
            /** Content */
            content: string | null;
            /** Counterpart Id */
            counterpart_id: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Fund Id
             * Format: uuid
             */
            fund_id: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Item */
            item: string | null;
            /**
             * Kind
             * @enum {string}
             */
            kind: "earn" | "redeem" | "gift_out" | "gift_in";
            /** Minutes */
            minutes: number;
            /** Place */
            place: string | null;
            /** Recorded By */
            recorded_by: string;
            /** Relation */
            relation: string | null;
            /**
             * Served On
             * Format: date
             */
            served_on: string;
            /** Source */
            source: string | null;
            /**
             * Status
             * @enum {string}
             */
            status: "pending" | "posted" | "failed";
            /** Transfer Id */
            transfer_id: string | null;
            /**
             * Volunteer Id
             * Format: uuid
             */
            volunteer_id: string;
        };
        /**
         * TimeBankPolicyIn
         * @description A time bank's caps on earning, in minutes (none: no cap).
         */
        TimeBankPolicyIn: {
            /**
             * Daily Cap
             * @description 每日上限
             */
            daily_cap?: number | null;
            /**
             * Lifetime Cap
             * @description 累计上限
             */
            lifetime_cap?: number | null;
        };
        /**
         * TimeBankPolicyPatch
         * @description The caps to change; a member left out stays, ``null`` removes the cap.
         * @example {
         *       "daily_cap": 480
         *     }
         */
        TimeBankPolicyPatch: {
            /**
             * Daily Cap
             * @description 每日上限
             */
            daily_cap?: number | null;
            /**
             * Lifetime Cap
             * @description 累计上限
             */
            lifetime_cap?: number | null;
        };
        /**
         * TimeBankRead
         * @description A volunteer's balances and history, newest first.
         */
        TimeBankRead: {
            /** Balances */
            balances: components["schemas"]["TimeBankBalance"][];
            /** Entries */
            entries: components["schemas"]["TimeBankEntryRead"][];
            /**
             * Volunteer Id
             * Format: uuid
             */
            volunteer_id: string;
        };
        /**
         * TokenRequest
         * @description 用户名与密码 / username and password.
         */
        TokenRequest: {
            /**
             * Password
             * @example correct horse battery staple
             */
            password: string;
            /**
             * Username
             * @example admin
             */
            username: string;
        };
        /**
         * TokenResponse
         * @description 访问令牌与刷新令牌 / access and refresh tokens.
         */
        TokenResponse: {
            /** Access Token */
            access_token: string;
            /**
             * Expires In
             * @description 访问令牌有效秒数 / access token lifetime in seconds
             */
            expires_in: number;
            /** Refresh Token */
            refresh_token: string;
            /**
             * Token Type
             * @default bearer
             * @constant
             */
            token_type: "bearer";
        };
        /**
         * TransferBalances
         * @description Both accounts' balances right after the transfer.
         */
        TransferBalances: {
            credit: components["schemas"]["Balance"];
            debit: components["schemas"]["Balance"];
        };
        /**
         * TransferCreate
         * @description A transfer from the debit account to the credit account, or a reservation (pending).
         * @example {
         *       "amount": 12345,
         *       "asset": "CNY",
         *       "credit_account_id": "0c9e8d7f-6b5a-4c3d-8e2f-1a0b9c8d7e6f",
         *       "debit_account_id": "5b3f2c1e-8a4d-4f6b-9c2e-1d7a8b9c0e1f",
         *       "kind": "transfer"
         *     }
         */
        TransferCreate: {
            /**
             * Amount
             * @description 最小单位整数：分（CNY）或分钟（TIME）/ minor units
             */
            amount: number;
            /**
             * Asset
             * @enum {string}
             */
            asset: "CNY" | "TIME";
            /**
             * Booked On
             * @description 记账日期，默认今天（北京时间）/ booking date
             */
            booked_on?: string | null;
            /**
             * Credit Account Id
             * Format: uuid
             */
            credit_account_id: string;
            /**
             * Debit Account Id
             * Format: uuid
             */
            debit_account_id: string;
            /**
             * Kind
             * @description 用途 / purpose
             * @default transfer
             */
            kind: string;
            /** Metadata */
            metadata?: {
                [key: string]: unknown;
            };
            /**
             * Pending
             * @description 两阶段：先预留 / reserve only
             * @default false
             */
            pending: boolean;
            /**
             * Reverses Id
             * @description 更正的原转账 / corrects
             */
            reverses_id?: string | null;
            /**
             * Timeout Seconds
             * @description 预留超时自动撤销 / void after
             */
            timeout_seconds?: number | null;
        };
        /**
         * TransferRead
         * @description A journal entry. Immutable.
         */
        TransferRead: {
            /**
             * Action
             * @enum {string}
             */
            action: "single" | "pending" | "post" | "void" | "expire";
            /** Amount */
            amount: number;
            /**
             * Asset
             * @enum {string}
             */
            asset: "CNY" | "TIME";
            balances: components["schemas"]["TransferBalances"];
            /**
             * Booked On
             * Format: date
             */
            booked_on: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Credit Account Id
             * Format: uuid
             */
            credit_account_id: string;
            /**
             * Debit Account Id
             * Format: uuid
             */
            debit_account_id: string;
            /** Hash */
            hash: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Kind */
            kind: string;
            /** Metadata */
            metadata: {
                [key: string]: unknown;
            };
            /** Pending */
            pending: boolean;
            /** Pending Id */
            pending_id: string | null;
            /** Reverses Id */
            reverses_id: string | null;
            /** Seq */
            seq: number;
            /** Timeout At */
            timeout_at: string | null;
        };
        /**
         * UserCreate
         * @description 新建用户 / a new user (operators only).
         */
        UserCreate: {
            /**
             * Community Id
             * @description community_admin 所属社区 / bound community
             */
            community_id?: string | null;
            /**
             * Display Name
             * @example 海曙区民政局 张三
             */
            display_name?: string | null;
            /**
             * Org Id
             * @description org_admin 所属组织 / bound organization
             */
            org_id?: string | null;
            /**
             * Password
             * @description 至少 8 位 / 8+ characters
             */
            password: string;
            /**
             * Role
             * @enum {string}
             */
            role: "operator" | "officer" | "org_admin" | "community_admin" | "social_worker" | "volunteer" | "resident";
            /**
             * Username
             * @example haishu_officer
             */
            username: string;
        };
        /**
         * UserRead
         * @description 用户 / a user (never the password hash).
         */
        UserRead: {
            /** Community Id */
            community_id: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Display Name */
            display_name: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Is Active */
            is_active: boolean;
            /** Org Id */
            org_id: string | null;
            /**
             * Role
             * @enum {string}
             */
            role: "operator" | "officer" | "org_admin" | "community_admin" | "social_worker" | "volunteer" | "resident";
            /** Username */
            username: string;
        };
        /**
         * UserUpdate
         * @description 修改用户：重置密码、停用、改名、改角色或绑定 / reset, deactivate, rename, change role.
         *
         *     重置密码、停用以及改变角色或绑定会立即注销该用户的全部登录 / a new password, a deactivation
         *     and a new role or binding end every session of the user at once.
         */
        UserUpdate: {
            /**
             * Community Id
             * @description community_admin 所属社区 / bound community
             */
            community_id?: string | null;
            /** Display Name */
            display_name?: string | null;
            /** Is Active */
            is_active?: boolean | null;
            /**
             * Org Id
             * @description org_admin 所属组织 / bound organization
             */
            org_id?: string | null;
            /** Password */
            password?: string | null;
            /** Role */
            role?: ("operator" | "officer" | "org_admin" | "community_admin" | "social_worker" | "volunteer" | "resident") | null;
        };
        /** ValidationError */
        ValidationError: {
            /** Context */
            ctx?: Record<string, never>;
            /** Input */
            input?: unknown;
            /** Location */
            loc: (string | number)[];
            /** Message */
            msg: string;
            /** Error Type */
            type: string;
        };
        /**
         * VerifyResult
         * @description The hash chain and every stored balance recomputed from the journal.
         */
        VerifyResult: {
            /** Accounts */
            accounts: number;
            broken?: components["schemas"]["BrokenEntry"] | null;
            /** Entries */
            entries: number;
            /** Head */
            head: string;
            /** Ok */
            ok: boolean;
        };
        /**
         * VolunteerCreate
         * @description A community volunteer.
         * @example {
         *       "name": "陈建国",
         *       "phone": "13705741122",
         *       "skills": [
         *         "理发",
         *         "陪伴"
         *       ]
         *     }
         */
        VolunteerCreate: {
            /** Community Id */
            community_id?: string | null;
            /** Name */
            name: string;
            /** Phone */
            phone?: string | null;
            /** Skills */
            skills?: string[];
            /** Team Org Id */
            team_org_id?: string | null;
        };
        /**
         * VolunteerMinutes
         * @description One volunteer's minutes in a record.
         */
        VolunteerMinutes: {
            /**
             * Minutes
             * @description 分钟 / minutes
             */
            minutes: number;
            /**
             * Volunteer Id
             * Format: uuid
             */
            volunteer_id: string;
        };
        /**
         * VolunteerRead
         * @description A volunteer; ``phone`` is masked without ``pii:read``.
         */
        VolunteerRead: {
            /** Community Id */
            community_id: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Name */
            name: string;
            /** Phone */
            phone: string | null;
            /** Skills */
            skills: string[];
            /** Team Org Id */
            team_org_id: string | null;
        };
        /**
         * VolunteerUpdate
         * @description Fields a PATCH may change.
         */
        VolunteerUpdate: {
            /** Community Id */
            community_id?: string | null;
            /** Name */
            name?: string | null;
            /** Phone */
            phone?: string | null;
            /** Skills */
            skills?: string[] | null;
            /** Team Org Id */
            team_org_id?: string | null;
        };
        /**
         * WebhookCreate
         * @description 订阅事件 / a subscription: where to, which events, which region, for which key.
         * @example {
         *       "event_types": [
         *         "organization.*",
         *         "pairing.created"
         *       ],
         *       "region_code": "520222",
         *       "url": "https://partner.example.gov.cn/wushe/hooks"
         *     }
         */
        WebhookCreate: {
            /**
             * Api Key Id
             * @description 代表的 API 密钥（运维人员必填）/ the key it acts for
             */
            api_key_id?: string | null;
            /** Event Types */
            event_types: string[];
            /**
             * Region Code
             * @description 含下级区划 / with descendants
             */
            region_code?: string | null;
            /** Url */
            url: string;
        };
        /**
         * WebhookCreated
         * @description The new subscription with its signing secret (``whsec_...``), shown this once.
         */
        WebhookCreated: {
            /**
             * Api Key Id
             * Format: uuid
             */
            api_key_id: string;
            /** Consecutive Failures */
            consecutive_failures: number;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Disabled Reason */
            disabled_reason: string | null;
            /** Event Types */
            event_types: string[];
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Region Code */
            region_code: string | null;
            /** Secret */
            secret: string;
            /** Status */
            status: string;
            /** Url */
            url: string;
        };
        /**
         * WebhookRead
         * @description A subscription (its secret is shown only when it is created).
         */
        WebhookRead: {
            /**
             * Api Key Id
             * Format: uuid
             */
            api_key_id: string;
            /** Consecutive Failures */
            consecutive_failures: number;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Disabled Reason */
            disabled_reason: string | null;
            /** Event Types */
            event_types: string[];
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Region Code */
            region_code: string | null;
            /** Status */
            status: string;
            /** Url */
            url: string;
        };
        /**
         * Window
         * @description A period of days, both ends included.
         */
        Window: {
            /**
             * End
             * Format: date
             * @description 结束日期（含）/ last day, included
             */
            end: string;
            /**
             * Start
             * Format: date
             * @description 开始日期 / first day
             */
            start: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    healthz_healthz_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: string;
                    };
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    metrics_metrics_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description 未认证 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 仅限运维人员或 admin 密钥 / operators and admin keys only */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readyz_readyz_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 全部就绪 / all ready */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description 有服务未就绪 / something is not ready */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_accounts_v1_accounts_get: {
        parameters: {
            query?: {
                asset?: ("CNY" | "TIME") | null;
                /** @description 上一页返回的 next_cursor / from the last page */
                cursor?: string | null;
                fund_id?: string | null;
                /** @description 每页条数 / page size (1-200) */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_AccountRead_"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_account_v1_accounts_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AccountCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_account_v1_accounts__account_id__get: {
        parameters: {
            query?: {
                /** @description 历史时点的余额 / balance as of this time */
                as_of?: string | null;
            };
            header?: never;
            path: {
                account_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_api_keys_v1_api_keys_get: {
        parameters: {
            query?: {
                /** @description 上一页返回的 next_cursor / from the last page */
                cursor?: string | null;
                /** @description 每页条数 / page size (1-200) */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_ApiKeyRead_"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_api_key_v1_api_keys_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApiKeyCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyCreated"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_api_key_v1_api_keys__key_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revoke_api_key_v1_api_keys__key_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    logout_v1_auth_logout_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_me_v1_auth_me_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    refresh_token_v1_auth_refresh_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenResponse"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_token_v1_auth_token_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TokenRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenResponse"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_collaborations_v1_collaborations_get: {
        parameters: {
            query?: {
                /** @description 当日有效 / active on this day */
                active_on?: string | null;
                /** @description 上一页返回的 next_cursor / from the last page */
                cursor?: string | null;
                kind?: ("east_west" | "mountain_sea" | "paired_assistance") | null;
                /** @description 每页条数 / page size (1-200) */
                limit?: number;
                /** @description 支援方或受援方在此区划内 / either side in this subtree */
                region_code?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_CollaborationRead_"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_collaboration_v1_collaborations_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description 幂等键：同一键与相同请求体重放首次应答，不同请求体返回 422 / the same key with the same body replays the first answer; another body is 422 idempotency_mismatch */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CollaborationCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CollaborationRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_collaboration_v1_collaborations__collaboration_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                collaboration_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CollaborationRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_collaboration_v1_collaborations__collaboration_id__patch: {
        parameters: {
            query?: never;
            header?: {
                /** @description 上次 GET 返回的 ETag / the ETag from the last GET (required) */
                "If-Match"?: string | null;
            };
            path: {
                collaboration_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CollaborationUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CollaborationRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_communities_v1_communities_get: {
        parameters: {
            query?: {
                /** @description 上一页返回的 next_cursor / from the last page */
                cursor?: string | null;
                kind?: ("community" | "village") | null;
                /** @description 每页条数 / page size (1-200) */
                limit?: number;
                q?: string | null;
                /** @description 含所有下级区划 / includes descendants */
                region_code?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_CommunityRead_"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_community_v1_communities_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description 幂等键：同一键与相同请求体重放首次应答，不同请求体返回 422 / the same key with the same body replays the first answer; another body is 422 idempotency_mismatch */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CommunityCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommunityRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_community_v1_communities__community_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommunityRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_community_v1_communities__community_id__patch: {
        parameters: {
            query?: never;
            header?: {
                /** @description 上次 GET 返回的 ETag / the ETag from the last GET (required) */
                "If-Match"?: string | null;
            };
            path: {
                community_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CommunityUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommunityRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_donations_v1_donations_get: {
        parameters: {
            query?: {
                /** @description 上一页返回的 next_cursor / from the last page */
                cursor?: string | null;
                fund_id?: string | null;
                /** @description 每页条数 / page size (1-200) */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_DonationRead_"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_donation_v1_donations_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description 幂等键：同一键与相同请求重放首次的转账，不同请求返回 422 / the same key and body replay the first transfer; another body is 422 idempotency_mismatch */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DonationCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DonationRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description fund_inactive, period_sealed */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_donation_v1_donations__donation_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                donation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DonationRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    read_events_v1_events_funds_get: {
        parameters: {
            query?: {
                /** @description 上次的 next_after */
                after?: number;
                limit?: number;
                /** @description 逗号分隔的事件类型 / comma-separated types */
                types?: string | null;
                /** @description 无新事件时最长等待秒数 / long poll */
                wait?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventPage"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    read_events_v1_events_matching_get: {
        parameters: {
            query?: {
                /** @description 上次的 next_after */
                after?: number;
                limit?: number;
                /** @description 逗号分隔的事件类型 / comma-separated types */
                types?: string | null;
                /** @description 无新事件时最长等待秒数 / long poll */
                wait?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventPage"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    read_events_v1_events_registry_get: {
        parameters: {
            query?: {
                /** @description 上次的 next_after */
                after?: number;
                limit?: number;
                /** @description 逗号分隔的事件类型 / comma-separated types */
                types?: string | null;
                /** @description 无新事件时最长等待秒数 / long poll */
                wait?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventPage"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_funds_v1_funds_get: {
        parameters: {
            query?: {
                /** @description 上一页返回的 next_cursor / from the last page */
                cursor?: string | null;
                host_org_id?: string | null;
                kind?: ("community" | "named" | "special" | "venture" | "time_bank") | null;
                /** @description 每页条数 / page size (1-200) */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_FundRead_"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_fund_v1_funds_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description 幂等键：同一键与相同请求体重放首次应答，不同请求体返回 422 / the same key with the same body replays the first answer; another body is 422 idempotency_mismatch */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FundCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FundRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: 登记系统不可用，未设立 */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_fund_detail_v1_funds__fund_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                fund_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FundRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_statement_v1_funds__fund_id__statement_get: {
        parameters: {
            query: {
                format?: "json" | "csv" | "xlsx";
                /** @description 起始记账日（含）/ first day */
                from: string;
                /** @description 截止记账日（含）/ last day */
                to: string;
            };
            header?: never;
            path: {
                fund_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StatementRead"];
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": unknown;
                    "text/csv": unknown;
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_time_bank_policy_v1_funds__fund_id__time_bank_policy_patch: {
        parameters: {
            query?: never;
            header?: {
                /** @description 上次 GET 返回的 ETag / the ETag from the last GET (required) */
                "If-Match"?: string | null;
            };
            path: {
                fund_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TimeBankPolicyPatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FundRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description fund_kind_mismatch: 不是时间银行 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description precondition_failed: ETag 已过期 */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description precondition_required: 缺少 If-Match */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_grants_v1_grants_get: {
        parameters: {
            query?: {
                /** @description 上一页返回的 next_cursor / from the last page */
                cursor?: string | null;
                fund_id?: string | null;
                grantee_org_id?: string | null;
                /** @description 每页条数 / page size (1-200) */
                limit?: number;
                status?: ("submitted" | "approved" | "rejected" | "disbursing" | "completed" | "cancelled") | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_GrantRead_"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_grant_v1_grants_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description 幂等键：同一键与相同请求体重放首次应答，不同请求体返回 422 / the same key with the same body replays the first answer; another body is 422 idempotency_mismatch */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GrantCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GrantRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description grantee_not_eligible, domain_restricted */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_grant_detail_v1_grants__grant_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                grant_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GrantRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    approve_grant_v1_grants__grant_id__approve_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                grant_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GrantRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description already_approved, grant_state, insufficient_funds */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancel_grant_v1_grants__grant_id__cancel_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                grant_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GrantReject"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GrantRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_disbursement_v1_grants__grant_id__disbursements_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description 幂等键：同一键与相同请求重放首次的转账，不同请求返回 422 / the same key and body replay the first transfer; another body is 422 idempotency_mismatch */
                "Idempotency-Key"?: string | null;
            };
            path: {
                grant_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DisbursementCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransferRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description grant_state, pending_settled */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reject_grant_v1_grants__grant_id__reject_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                grant_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GrantReject"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GrantRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    verify_ledger_v1_ledger_verify_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VerifyResult"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_matches_v1_matches_get: {
        parameters: {
            query?: {
                /** @description 上一页返回的 next_cursor / from the last page */
                cursor?: string | null;
                /** @description 每页条数 / page size (1-200) */
                limit?: number;
                need_id?: string | null;
                offer_id?: string | null;
                round_id?: string | null;
                status?: ("proposed" | "accepted" | "in_service" | "completed" | "declined" | "cancelled") | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_MatchRead_"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_match_v1_matches__match_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                match_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MatchRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description community_mismatch, org_mismatch */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    accept_match_v1_matches__match_id__accept_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description 可选：上次 GET 返回的 ETag；已过期则 412 / optional: the ETag from the last GET; a stale one is 412 */
                "If-Match"?: string | null;
            };
            path: {
                match_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AcceptBody"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MatchRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description community_mismatch, org_mismatch, side_not_allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description match_state, capacity_exhausted, need_covered, need_state, offer_state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description precondition_failed (stale If-Match) */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancel_match_v1_matches__match_id__cancel_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description 可选：上次 GET 返回的 ETag；已过期则 412 / optional: the ETag from the last GET; a stale one is 412 */
                "If-Match"?: string | null;
            };
            path: {
                match_id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CancelBody"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MatchRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description community_mismatch, org_mismatch, side_not_allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description match_state, capacity_exhausted, need_covered, need_state, offer_state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description precondition_failed (stale If-Match) */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    complete_match_v1_matches__match_id__complete_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description 可选：上次 GET 返回的 ETag；已过期则 412 / optional: the ETag from the last GET; a stale one is 412 */
                "If-Match"?: string | null;
            };
            path: {
                match_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MatchRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description community_mismatch, org_mismatch, side_not_allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description match_state, capacity_exhausted, need_covered, need_state, offer_state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description precondition_failed (stale If-Match) */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    decline_match_v1_matches__match_id__decline_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description 可选：上次 GET 返回的 ETag；已过期则 412 / optional: the ETag from the last GET; a stale one is 412 */
                "If-Match"?: string | null;
            };
            path: {
                match_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeclineBody"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MatchRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description community_mismatch, org_mismatch, side_not_allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description match_state, capacity_exhausted, need_covered, need_state, offer_state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description precondition_failed (stale If-Match) */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_feedback_v1_matches__match_id__feedback_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                match_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_FeedbackRead_"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description community_mismatch, org_mismatch */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_feedback_v1_matches__match_id__feedback_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                match_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FeedbackCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeedbackRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description community_mismatch, org_mismatch, side_not_allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description feedback_exists, match_state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_service_records_v1_matches__match_id__service_records_get: {
        parameters: {
            query?: {
                /** @description 上一页返回的 next_cursor / from the last page */
                cursor?: string | null;
                /** @description 每页条数 / page size (1-200) */
                limit?: number;
            };
            header?: never;
            path: {
                match_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_ServiceRecordRead_"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description community_mismatch, org_mismatch */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_service_record_v1_matches__match_id__service_records_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description 幂等键：同一键与相同请求体重放首次应答，不同请求体返回 422 / the same key with the same body replays the first answer; another body is 422 idempotency_mismatch */
                "Idempotency-Key"?: string | null;
            };
            path: {
                match_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ServiceRecordCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceRecordRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description community_mismatch, org_mismatch, side_not_allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description match_state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    start_match_v1_matches__match_id__start_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description 可选：上次 GET 返回的 ETag；已过期则 412 / optional: the ETag from the last GET; a stale one is 412 */
                "If-Match"?: string | null;
            };
            path: {
                match_id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["StartBody"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MatchRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description community_mismatch, org_mismatch, side_not_allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description match_state (both sides must accept first), grantee_not_eligible */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description precondition_failed (stale If-Match) */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_needs_v1_needs_get: {
        parameters: {
            query?: {
                community_id?: string | null;
                /** @description 上一页返回的 next_cursor / from the last page */
                cursor?: string | null;
                domain?: string | null;
                /** @description 每页条数 / page size (1-200) */
                limit?: number;
                /** @description 含所有下级区划 / includes descendants */
                region_code?: string | null;
                status?: ("open" | "matched" | "in_service" | "fulfilled" | "closed" | "cancelled" | "referred") | null;
                triage?: ("minor" | "major" | "private") | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_NeedRead_"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_need_v1_needs_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description 幂等键：同一键与相同请求体重放首次应答，不同请求体返回 422 / the same key with the same body replays the first answer; another body is 422 idempotency_mismatch */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NeedCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NeedRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_need_v1_needs__need_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                need_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NeedRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_need_v1_needs__need_id__patch: {
        parameters: {
            query?: never;
            header?: {
                /** @description 上次 GET 返回的 ETag / the ETag from the last GET (required) */
                "If-Match"?: string | null;
            };
            path: {
                need_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NeedUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NeedRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancel_need_v1_needs__need_id__cancel_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                need_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NeedRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_candidates_v1_needs__need_id__candidates_get: {
        parameters: {
            query?: {
                /** @description 条数 / how many (1-200) */
                limit?: number;
            };
            header?: never;
            path: {
                need_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CandidateList"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_referrals_v1_needs_referrals_get: {
        parameters: {
            query?: {
                /** @description 上一页返回的 next_cursor / from the last page */
                cursor?: string | null;
                department?: string | null;
                /** @description 每页条数 / page size (1-200) */
                limit?: number;
                /** @description 含所有下级区划 / includes descendants */
                region_code?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_ReferralRead_"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_offers_v1_offers_get: {
        parameters: {
            query?: {
                /** @description 上一页返回的 next_cursor / from the last page */
                cursor?: string | null;
                domain?: string | null;
                /** @description 每页条数 / page size (1-200) */
                limit?: number;
                provider_id?: string | null;
                provider_kind?: ("organization" | "volunteer" | "donor") | null;
                /** @description 服务区划之一 / a served region */
                region_code?: string | null;
                resource_kind?: ("talent" | "team" | "technique" | "funds" | "goods" | "volunteers" | "venue" | "jobs") | null;
                status?: ("open" | "exhausted" | "withdrawn") | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_OfferRead_"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_offer_v1_offers_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description 幂等键：同一键与相同请求体重放首次应答，不同请求体返回 422 / the same key with the same body replays the first answer; another body is 422 idempotency_mismatch */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OfferCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OfferRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_offer_v1_offers__offer_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                offer_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OfferRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_offer_v1_offers__offer_id__patch: {
        parameters: {
            query?: never;
            header?: {
                /** @description 上次 GET 返回的 ETag / the ETag from the last GET (required) */
                "If-Match"?: string | null;
            };
            path: {
                offer_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OfferUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OfferRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    withdraw_offer_v1_offers__offer_id__withdraw_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                offer_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OfferRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_organizations_v1_organizations_get: {
        parameters: {
            query?: {
                community_id?: string | null;
                credit_status?: ("normal" | "abnormal" | "dishonest") | null;
                /** @description 上一页返回的 next_cursor / from the last page */
                cursor?: string | null;
                domain?: string | null;
                /** @description 最低有效评估等级 */
                grade_min?: number | null;
                incubated_by?: string | null;
                legal_form?: ("social_group" | "social_service_agency" | "foundation" | "other") | null;
                /** @description 每页条数 / page size (1-200) */
                limit?: number;
                /** @description 名称中的任意片段（至少 2 个字）/ name substring */
                q?: string | null;
                /** @description 含所有下级区划 / includes descendants */
                region_code?: string | null;
                registration?: ("registered" | "filed") | null;
                role?: string | null;
                status?: ("incubating" | "active" | "suspended" | "deregistered") | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_OrganizationRead_"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_organization_v1_organizations_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description 幂等键：同一键与相同请求体重放首次应答，不同请求体返回 422 / the same key with the same body replays the first answer; another body is 422 idempotency_mismatch */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OrganizationCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganizationRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_organization_v1_organizations__org_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                org_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganizationRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_organization_v1_organizations__org_id__patch: {
        parameters: {
            query?: never;
            header?: {
                /** @description 上次 GET 返回的 ETag / the ETag from the last GET (required) */
                "If-Match"?: string | null;
            };
            path: {
                org_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OrganizationUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganizationRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_rating_v1_organizations__org_id__ratings_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                org_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RatingCreate"];
            };
        };
        responses: {
            /** @description 同一来源已评价过，返回首次评价 / repeat from the same source */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RatingRead"];
                };
            };
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RatingRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_organization_standing_v1_organizations__org_id__standing_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                org_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Standing"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    export_organizations_v1_organizations_export_get: {
        parameters: {
            query?: {
                domain?: string | null;
                /** @description csv 或 xlsx */
                format?: "csv" | "xlsx";
                q?: string | null;
                region_code?: string | null;
                registration?: ("registered" | "filed") | null;
                role?: string | null;
                status?: ("incubating" | "active" | "suspended" | "deregistered") | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": unknown;
                    "text/csv; charset=utf-8": unknown;
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    import_organizations_v1_organizations_import_post: {
        parameters: {
            query?: {
                /** @description 只校验不写入 / check only, write nothing */
                dry_run?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["Body_import_organizations_v1_organizations_import_post"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportResult"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出导入限制 / over an import limit (import_too_large) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超时，已全部撤销 / took too long, rolled back (import_timeout) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_outbox_v1_outbox_funds_get: {
        parameters: {
            query?: {
                /** @description 上一页返回的 next_cursor / from the last page */
                cursor?: string | null;
                /** @description 每页条数 / page size (1-200) */
                limit?: number;
                status?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_OutboxMessage_"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    retry_outbox_message_v1_outbox_funds__message_id__retry_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                message_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: string;
                    };
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_outbox_v1_outbox_matching_get: {
        parameters: {
            query?: {
                /** @description 上一页返回的 next_cursor / from the last page */
                cursor?: string | null;
                /** @description 每页条数 / page size (1-200) */
                limit?: number;
                status?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_OutboxMessage_"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    retry_outbox_message_v1_outbox_matching__message_id__retry_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                message_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: string;
                    };
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_outbox_v1_outbox_registry_get: {
        parameters: {
            query?: {
                /** @description 上一页返回的 next_cursor / from the last page */
                cursor?: string | null;
                /** @description 每页条数 / page size (1-200) */
                limit?: number;
                status?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_OutboxMessage_"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    retry_outbox_message_v1_outbox_registry__message_id__retry_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                message_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: string;
                    };
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_pairings_v1_pairings_get: {
        parameters: {
            query?: {
                active_on?: string | null;
                collaboration_id?: string | null;
                community_id?: string | null;
                /** @description 上一页返回的 next_cursor / from the last page */
                cursor?: string | null;
                /** @description 每页条数 / page size (1-200) */
                limit?: number;
                org_id?: string | null;
                status?: ("active" | "ended") | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_PairingRead_"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_pairing_v1_pairings_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description 幂等键：同一键与相同请求体重放首次应答，不同请求体返回 422 / the same key with the same body replays the first answer; another body is 422 idempotency_mismatch */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PairingCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PairingRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_pairing_v1_pairings__pairing_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                pairing_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PairingRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_pairing_v1_pairings__pairing_id__patch: {
        parameters: {
            query?: never;
            header?: {
                /** @description 上次 GET 返回的 ETag / the ETag from the last GET (required) */
                "If-Match"?: string | null;
            };
            path: {
                pairing_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PairingUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PairingRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_periods_v1_periods_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PeriodRead"][];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    close_period_v1_periods_close_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PeriodClose"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PeriodRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_public_fund_v1_public_funds__fund_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                fund_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicFund"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_regions_v1_regions_get: {
        parameters: {
            query?: {
                /** @description 上一页返回的 next_cursor / from the last page */
                cursor?: string | null;
                level?: ("province" | "city" | "county" | "township" | "village") | null;
                /** @description 每页条数 / page size (1-200) */
                limit?: number;
                /** @description 上级区划代码；为空时列出省级 */
                parent_code?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_RegionRead_"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_region_v1_regions_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description 幂等键：同一键与相同请求体重放首次应答，不同请求体返回 422 / the same key with the same body replays the first answer; another body is 422 idempotency_mismatch */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegionCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegionRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_region_v1_regions__code__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegionRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_region_ancestry_v1_regions__code__ancestors_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegionRead"][];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_rounds_v1_rounds_get: {
        parameters: {
            query?: {
                /** @description 上一页返回的 next_cursor / from the last page */
                cursor?: string | null;
                /** @description 每页条数 / page size (1-200) */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_RoundRead_"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_round_v1_rounds_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description 幂等键：同一键与相同请求体重放首次应答，不同请求体返回 422 / the same key with the same body replays the first answer; another body is 422 idempotency_mismatch */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RoundCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoundRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_round_v1_rounds__round_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                round_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoundRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_social_workers_v1_social_workers_get: {
        parameters: {
            query?: {
                /** @description 上一页返回的 next_cursor / from the last page */
                cursor?: string | null;
                /** @description 每页条数 / page size (1-200) */
                limit?: number;
                org_id?: string | null;
                qualification?: ("none" | "assistant" | "intermediate" | "senior") | null;
                /** @description 含所有下级区划 / includes descendants */
                region_code?: string | null;
                skill?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_SocialWorkerRead_"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_social_worker_v1_social_workers_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description 幂等键：同一键与相同请求体重放首次应答，不同请求体返回 422 / the same key with the same body replays the first answer; another body is 422 idempotency_mismatch */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SocialWorkerCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SocialWorkerRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_social_worker_v1_social_workers__worker_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                worker_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SocialWorkerRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_social_worker_v1_social_workers__worker_id__patch: {
        parameters: {
            query?: never;
            header?: {
                /** @description 上次 GET 返回的 ETag / the ETag from the last GET (required) */
                "If-Match"?: string | null;
            };
            path: {
                worker_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SocialWorkerUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SocialWorkerRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_stats_v1_stats_get: {
        parameters: {
            query?: {
                /** @description 起始日（含） */
                from?: string | null;
                /** @description 区划（含下级）/ with descendants */
                region_code?: string | null;
                /** @description 截止日（含） */
                to?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StatsRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_time_bank_v1_time_bank__volunteer_id__get: {
        parameters: {
            query?: {
                fund_id?: string | null;
            };
            header?: never;
            path: {
                volunteer_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TimeBankRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    export_time_bank_v1_time_bank__volunteer_id__export_get: {
        parameters: {
            query?: {
                fund_id?: string | null;
            };
            header?: never;
            path: {
                volunteer_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": unknown;
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    earn_minutes_v1_time_bank_earn_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EarnCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TimeBankEntryRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description time_bank_cap_exceeded, time_bank_source_conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    gift_minutes_v1_time_bank_gifts_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GiftCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TimeBankEntryRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description insufficient_funds */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    redeem_minutes_v1_time_bank_redeem_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RedeemCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TimeBankEntryRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description insufficient_funds */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_transfers_v1_transfers_get: {
        parameters: {
            query?: {
                /** @description 借方或贷方 / either side */
                account_id?: string | null;
                /** @description 上一页返回的 next_cursor / from the last page */
                cursor?: string | null;
                /** @description 每页条数 / page size (1-200) */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_TransferRead_"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_transfer_v1_transfers_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description 幂等键：同一键与相同请求重放首次的转账，不同请求返回 422 / the same key and body replay the first transfer; another body is 422 idempotency_mismatch */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TransferCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransferRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description insufficient_funds, period_sealed */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_transfer_v1_transfers__transfer_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                transfer_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransferRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    post_transfer_v1_transfers__transfer_id__post_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description 幂等键：同一键与相同请求重放首次的转账，不同请求返回 422 / the same key and body replay the first transfer; another body is 422 idempotency_mismatch */
                "Idempotency-Key"?: string | null;
            };
            path: {
                transfer_id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PostPending"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransferRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    void_transfer_v1_transfers__transfer_id__void_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description 幂等键：同一键与相同请求重放首次的转账，不同请求返回 422 / the same key and body replay the first transfer; another body is 422 idempotency_mismatch */
                "Idempotency-Key"?: string | null;
            };
            path: {
                transfer_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransferRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_transfers_v1_transfers_batch_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description 幂等键：同一键与相同请求重放首次的转账，不同请求返回 422 / the same key and body replay the first transfer; another body is 422 idempotency_mismatch */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BatchCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchResult"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_users_v1_users_get: {
        parameters: {
            query?: {
                /** @description 上一页返回的 next_cursor / from the last page */
                cursor?: string | null;
                /** @description 每页条数 / page size (1-200) */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_UserRead_"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_user_v1_users_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_user_v1_users__user_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_user_v1_users__user_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    clear_lockout_v1_users__user_id__lockout_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_volunteers_v1_volunteers_get: {
        parameters: {
            query?: {
                community_id?: string | null;
                /** @description 上一页返回的 next_cursor / from the last page */
                cursor?: string | null;
                /** @description 每页条数 / page size (1-200) */
                limit?: number;
                skill?: string | null;
                team_org_id?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_VolunteerRead_"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_volunteer_v1_volunteers_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description 幂等键：同一键与相同请求体重放首次应答，不同请求体返回 422 / the same key with the same body replays the first answer; another body is 422 idempotency_mismatch */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VolunteerCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VolunteerRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_volunteer_v1_volunteers__volunteer_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                volunteer_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VolunteerRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_volunteer_v1_volunteers__volunteer_id__patch: {
        parameters: {
            query?: never;
            header?: {
                /** @description 上次 GET 返回的 ETag / the ETag from the last GET (required) */
                "If-Match"?: string | null;
            };
            path: {
                volunteer_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VolunteerUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VolunteerRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务不可用 / upstream unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 上游服务超时 / upstream timeout */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_webhooks_v1_webhooks_get: {
        parameters: {
            query?: {
                /** @description 上一页返回的 next_cursor / from the last page */
                cursor?: string | null;
                /** @description 每页条数 / page size (1-200) */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_WebhookRead_"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_webhook_v1_webhooks_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookCreated"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_webhook_v1_webhooks__webhook_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delete_webhook_v1_webhooks__webhook_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_deliveries_v1_webhooks__webhook_id__deliveries_get: {
        parameters: {
            query?: {
                /** @description 上一页返回的 next_cursor / from the last page */
                cursor?: string | null;
                /** @description 每页条数 / page size (1-200) */
                limit?: number;
            };
            header?: never;
            path: {
                webhook_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_DeliveryRead_"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    retry_delivery_v1_webhooks__webhook_id__deliveries__delivery_id__retry_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                delivery_id: string;
                webhook_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryRead"];
                };
            };
            /** @description 未认证：缺少或无效的令牌/密钥 / unauthenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权限：缺少所需权限范围或角色 / forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 资源不存在 / not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据未通过校验 / validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超出频率限制，见 Retry-After / rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 其他错误 / any other error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
