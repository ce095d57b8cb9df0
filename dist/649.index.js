export const id = 649;
export const ids = [649];
export const modules = {

/***/ 93649:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readArtifactBaseline: () => (/* binding */ readArtifactBaseline)
/* harmony export */ });
/* harmony import */ var adm_zip__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(71316);
/* harmony import */ var adm_zip__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(adm_zip__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _report_json_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(32794);



/**
 * Without a bucket, the baseline is the JSON in the newest artifact of the same name from an
 * earlier successful run of this workflow. Artifacts expire (90 days by default), so none found
 * is a first report, said in the summary.
 */
async function readArtifactBaseline(octokit, repo, runId, artifactName, warn, current) {
    try {
        const { data: thisRun } = await octokit.rest.actions.getWorkflowRun({ ...repo, run_id: runId });
        const { data } = await octokit.rest.actions.listArtifactsForRepo({
            ...repo,
            name: artifactName,
            per_page: 100
        });
        const candidates = data.artifacts
            .filter(a => !a.expired && a.workflow_run?.id !== undefined && a.workflow_run.id !== runId)
            .sort((a, b) => (b.created_at ?? '').localeCompare(a.created_at ?? ''));
        for (const artifact of candidates) {
            const { data: run } = await octokit.rest.actions.getWorkflowRun({
                ...repo,
                run_id: artifact.workflow_run.id
            });
            if (run.workflow_id !== thisRun.workflow_id || run.conclusion !== 'success')
                continue;
            const zip = await octokit.rest.actions.downloadArtifact({
                ...repo,
                artifact_id: artifact.id,
                archive_format: 'zip'
            });
            const entry = new (adm_zip__WEBPACK_IMPORTED_MODULE_0___default())(Buffer.from(zip.data))
                .getEntries()
                .find(e => e.entryName.endsWith('.json'));
            const where = `artifact '${artifactName}' of run ${run.id}`;
            if (!entry) {
                warn(`The ${where} holds no JSON report; treating this as a first report.`);
                return { baseline: null, note: `First report: the ${where} holds no JSON report.` };
            }
            try {
                const baseline = (0,_report_json_js__WEBPACK_IMPORTED_MODULE_2__/* .parseBaseline */ .nk)(entry.getData(), current);
                return { baseline, note: `Compared with the ${where}, generated ${baseline.generatedAt}.` };
            }
            catch (error) {
                warn(`The ${where} is not a readable report (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}); treating this as a first report.`);
                return { baseline: null, note: `First report: the ${where} was unreadable.` };
            }
        }
        return {
            baseline: null,
            note: `First report: no artifact '${artifactName}' from an earlier successful run of this workflow (artifacts expire, by default after 90 days; set s3-bucket to keep the baseline for good).`
        };
    }
    catch (error) {
        const status = (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .httpStatus */ .nG)(error);
        return {
            baseline: null,
            note: 'The baseline artifact could not be read.',
            failure: `reading the baseline artifact (HTTP ${status ?? '?'}: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}): grant the job \`permissions: actions: read\`, or set s3-bucket`
        };
    }
}


/***/ })

};

//# sourceMappingURL=649.index.js.map