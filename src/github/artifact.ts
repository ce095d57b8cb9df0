import type { ArtifactClient } from '@actions/artifact'

/** Uploads the report files as one workflow artifact; returns its id. */
export async function uploadReportArtifact(
  client: Pick<ArtifactClient, 'uploadArtifact'>,
  name: string,
  files: readonly string[],
  rootDirectory: string,
  retentionDays: number | undefined
): Promise<number> {
  const result = await client.uploadArtifact(
    name,
    [...files],
    rootDirectory,
    retentionDays === undefined ? {} : { retentionDays }
  )
  if (result.id === undefined)
    throw new Error(`artifact '${name}' was uploaded but the service returned no id`)
  return result.id
}
