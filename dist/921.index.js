export const id = 921;
export const ids = [921];
export const modules = {

/***/ 84921:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   resolveAccountNames: () => (/* binding */ resolveAccountNames)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_organizations__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(92503);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);


/** "This role may not list accounts", which `account-names: auto` tolerates. */
const isNamesUnavailable = (error) => (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isAccessDenied */ .w7)(error) || (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .hasCode */ .up)(error, 'AWSOrganizationsNotInUseException');
/** Account id → name, every page (a page can be empty while NextToken is still set). */
async function listAccountNames(client) {
    const names = new Map();
    let nextToken;
    do {
        const page = await client.send(new _aws_sdk_client_organizations__WEBPACK_IMPORTED_MODULE_1__.ListAccountsCommand({ MaxResults: 20, NextToken: nextToken }));
        for (const account of page.Accounts ?? []) {
            if (account.Id)
                names.set(account.Id, account.Name ?? '');
        }
        nextToken = page.NextToken || undefined;
    } while (nextToken);
    return names;
}
/**
 * Applies `account-names`: `false` asks nothing, `auto` carries on without names (one warning)
 * when Organizations is off-limits, `true` fails with the fix.
 */
async function resolveAccountNames(client, mode, warn) {
    if (mode === 'false')
        return null;
    try {
        return await listAccountNames(client);
    }
    catch (error) {
        const detail = (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeError */ .Uc)(error);
        if (mode === 'auto' && isNamesUnavailable(error)) {
            warn(`Account names are left empty: Organizations ListAccounts was refused (${detail}). Run from the management or a delegated administrator account with organizations:ListAccounts, or set account-names: false to silence this.`);
            return null;
        }
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AwsQueryError */ .qE(`Could not list the organization's accounts (${detail}): allow organizations:ListAccounts in the management or a delegated administrator account, or set account-names: auto or false.`);
    }
}


/***/ })

};

//# sourceMappingURL=921.index.js.map