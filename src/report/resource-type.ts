import type { IamItem, IamResourceType } from './types.js'

export const RESOURCE_TYPE_BY_KIND = {
  user: 'AWS::IAM::User',
  group: 'AWS::IAM::Group',
  policy: 'AWS::IAM::Policy'
} as const satisfies Record<string, IamResourceType>

export function resourceTypeOf(item: IamItem): string {
  return item.kind === 'deleted' ? item.resourceType : RESOURCE_TYPE_BY_KIND[item.kind]
}
