/**
 * The image catalogue: the public images every account can use and the account's custom images
 * (kind `vmImage`), and what a VM instance is (re)installed from. The image group makes and
 * deletes custom images; the VM group installs from them.
 */
import type { ImageDetail } from 'bec-sdk';
import { denied, notFound } from '../errors.js';
import type { StoredRecord } from '../store.js';
import type { HandlerContext } from './handler.js';

export const VM_IMAGE = 'vmImage';

export interface VmImageRecord extends StoredRecord {
  imageId: string;
  name: string;
  /** IMAGING IMPORTING SUCCEEDED FAILED ERROR */
  status: string;
  source: 'instance' | 'import';
  vmId: string;
  serviceId: string;
  regionId: string;
  region: string;
  accountId: string;
  bccImageId: string;
  systemDisk: number;
  osType: string;
  osVersion: string;
  osName: string;
  osBuild: string;
  osLang: string;
  osArch: string;
  bosUrl: string;
  createTime: string;
  updateTime: string;
}

// ---------------------------------------------------------------------------------------------
// Public images
// ---------------------------------------------------------------------------------------------

export interface PublicImage {
  imageId: string;
  name: string;
  /** `becCommon` or `becGpu`. */
  type: string;
  osType: string;
  osName: string;
  osVersion: string;
  osArch: string;
  osBuild: string;
  osLang: string;
  systemDisk: number;
  createTime: string;
}

function publicImage(
  imageId: string,
  osName: string,
  osVersion: string,
  osBuild: string,
  type = 'becCommon',
): PublicImage {
  return {
    imageId,
    name: `${osName} ${osVersion} x86_64 (64bit)${type === 'becGpu' ? ' GPU' : ''}`,
    type,
    osType: 'linux',
    osName,
    osVersion,
    osArch: 'x86_64 (64bit)',
    osBuild,
    osLang: 'ENG',
    systemDisk: 20,
    createTime: `${osBuild.slice(0, 4)}-${osBuild.slice(4, 6)}-${osBuild.slice(6, 8)}T00:00:00Z`,
  };
}

/**
 * The public (BCC-provided) images every account can use. BEC does not publish its catalogue;
 * these IDs are emulator fixtures in BCC's `m-` + 8 characters format (see DIVERGENCES.md).
 */
export const PUBLIC_IMAGES: readonly PublicImage[] = [
  publicImage('m-CentOS79', 'CentOS', '7.9', '2022061500'),
  publicImage('m-CentOS76', 'CentOS', '7.6', '2020111300'),
  publicImage('m-Ubun2004', 'Ubuntu', '20.04', '2022081000'),
  publicImage('m-Ubun2204', 'Ubuntu', '22.04', '2023032000'),
  publicImage('m-Debian11', 'Debian', '11', '2022091500'),
  publicImage('m-OSuse154', 'opensuse', '15.4', '2022120100'),
  publicImage('m-GpuUb204', 'Ubuntu', '20.04', '2022101000', 'becGpu'),
];

export function findPublicImage(imageId: string): PublicImage | undefined {
  return PUBLIC_IMAGES.find((i) => i.imageId === imageId);
}

/** The image an instance is (re)installed from: a public image or a finished custom image. */
export function resolveImage(ctx: HandlerContext, imageId: string, imageType: string | undefined): ImageDetail {
  const custom = ctx.state.get<VmImageRecord>(VM_IMAGE, imageId);
  if (custom) {
    if (custom.status !== 'SUCCEEDED') {
      throw denied(`The VM image ${imageId} is ${custom.status}; only SUCCEEDED images can be used.`);
    }
    return customImageDetail(custom);
  }
  const pub = findPublicImage(imageId);
  if (pub && imageType !== 'bec') return publicImageDetail(pub);
  throw notFound(imageType === 'bec' ? 'custom VM image' : 'VM image', imageId);
}

/** The fields an image detail is built from, common to public and custom images. */
type ImageFacts = Pick<
  PublicImage,
  'imageId' | 'name' | 'osType' | 'osVersion' | 'osName' | 'osBuild' | 'osLang' | 'osArch' | 'systemDisk' | 'createTime'
>;

function imageDetail(image: ImageFacts, imageType: string, status: string): ImageDetail {
  return {
    id: image.imageId,
    imageId: image.imageId,
    name: image.name,
    nameFri: image.name,
    imageType,
    snapshotId: '',
    cpu: 0,
    memory: 0,
    osType: image.osType,
    osVersion: image.osVersion,
    osName: image.osName,
    osBuild: image.osBuild,
    osLang: image.osLang,
    diskSize: image.systemDisk,
    createTime: image.createTime,
    status,
    minMem: 1,
    minCpu: 1,
    minDiskGb: image.systemDisk,
    desc: '',
    osArch: image.osArch,
    ephemeralSize: 0,
    imageDescription: '',
    shareToUserNumLimit: 0,
    sharedToUserNum: 0,
    fpgaType: '',
  };
}

export function publicImageDetail(image: PublicImage): ImageDetail {
  return imageDetail(image, image.type, 'SUCCEEDED');
}

export function customImageDetail(image: VmImageRecord): ImageDetail {
  return imageDetail(image, 'becCustom', image.status);
}
