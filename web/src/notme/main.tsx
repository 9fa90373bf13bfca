import { render } from 'preact';
import { loadConfig } from '../common/config';
import '../common/base.css';
import '../join/join.css';
import { NotMeApp } from './NotMeApp';

const root = document.getElementById('app')!;
loadConfig().then(
  config => { root.textContent = ''; render(<NotMeApp config={config} />, root); },
  () => { root.textContent = 'This page could not load its settings. Please try again later.'; },
);
